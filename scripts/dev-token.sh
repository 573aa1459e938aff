#!/usr/bin/env bash
# Prints a bearer token for trying the API locally, signed with the DEV key pair in config/dev-jwt.
# Only the dev and test profiles trust that key.   Usage: scripts/dev-token.sh USER [ROLE...]
# Roles: user (default), metrics-writer, admin. The token is valid for one hour.
set -euo pipefail
cd "$(dirname "$0")/.."
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
payload=$(printf '{"iss":"netra-dev","aud":"netra-analytics","sub":"%s","groups":[%s],"iat":%d,"exp":%d}' "$user" "${groups%,}" "$now" $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign config/dev-jwt/private-key.pem | b64url)
echo "$header.$payload.$signature"
