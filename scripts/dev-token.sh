#!/usr/bin/env bash
# Prints a bearer token for trying the API locally, signed with the DEV key pair in config/dev-jwt.
# Only the dev and test profiles trust that key.   Usage: scripts/dev-token.sh USER [ROLE...]
# Roles: user (default), metrics-writer, admin. The token is valid for one hour.
# Another issuer (the drills and benchmarks run the prod profile with a key pair of their own):
#   TOKEN_KEY=private.pem TOKEN_ISSUER=https://issuer TOKEN_AUDIENCE=netra-analytics scripts/dev-token.sh USER
set -euo pipefail
cd "$(dirname "$0")/.."
key=${TOKEN_KEY:-config/dev-jwt/private-key.pem}
issuer=${TOKEN_ISSUER:-netra-dev}
audience=${TOKEN_AUDIENCE:-netra-analytics}
user=${1:?usage: scripts/dev-token.sh USER [ROLE...]}
shift
[[ $user =~ ^[A-Za-z0-9_.@-]{1,128}$ ]] || { echo "dev-token.sh: USER must be 1-128 of A-Z a-z 0-9 _ . @ -" >&2; exit 2; }
roles=("${@:-user}")
for role in "${roles[@]}"; do
  [[ $role =~ ^[a-z-]+$ ]] || { echo "dev-token.sh: bad role $role" >&2; exit 2; }
done
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
groups=$(printf '"%s",' "${roles[@]}")
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s","groups":[%s],"iat":%d,"exp":%d}' "$issuer" "$audience" "$user" "${groups%,}" "$now" $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" | b64url)
echo "$header.$payload.$signature"
