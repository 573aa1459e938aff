package io.netra.analytics.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import io.netra.analytics.problem.ProblemException;

/**
 * Request bodies as the client meant them: decompressed per {@code Content-Encoding} (gzip, deflate, none), with
 * the size limit applied to what comes out. Inflation stops one chunk past the limit, so a body that inflates to
 * gigabytes (a gzip bomb) costs at most the limit in memory and time.
 */
public final class RequestBodies {

    private static final int CHUNK = 16 * 1024;

    private RequestBodies() {
    }

    /** {@code body} decoded; 413 beyond {@code limit} decoded bytes, 400 when it does not decode, 415 for another encoding. */
    public static byte[] decoded(byte[] body, String contentEncoding, long limit) {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity" -> {
                if (body.length > limit) {
                    throw tooLarge(limit);
                }
                return body;
            }
            case "gzip", "x-gzip" -> {
                return inflated(() -> new GZIPInputStream(new ByteArrayInputStream(body), CHUNK), encoding, limit);
            }
            case "deflate" -> {
                // HTTP's deflate is zlib-wrapped, but some clients send raw deflate: the first bytes tell which
                return inflated(() -> new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(!isZlib(body)), CHUNK),
                        encoding, limit);
            }
            default -> throw ProblemException.status(415, "Unsupported Media Type",
                    "Content-Encoding " + contentEncoding + " is not supported; send gzip, deflate or an uncompressed body.");
        }
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    private static byte[] inflated(Source source, String encoding, long limit) {
        try (InputStream in = source.open()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
            byte[] chunk = new byte[CHUNK];
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                if (out.size() + (long) read > limit) {
                    throw tooLarge(limit);
                }
                out.write(chunk, 0, read);
            }
            return out.toByteArray();
        } catch (IOException corrupt) {
            throw ProblemException.status(400, "Bad Request", "The body is not valid " + encoding + " data.");
        }
    }

    /** A zlib stream starts with a header whose 16-bit value is a multiple of 31, compression method 8. */
    private static boolean isZlib(byte[] body) {
        return body.length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] & 0xff) << 8 | (body[1] & 0xff)) % 31 == 0;
    }

    private static ProblemException tooLarge(long limit) {
        return ProblemException.status(413, "Content Too Large", "The body exceeds " + limit + " bytes once decompressed.");
    }
}
