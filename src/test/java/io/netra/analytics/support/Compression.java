package io.netra.analytics.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Compressed bodies, as clients send them. */
public final class Compression {

    private Compression() {
    }

    /** A stream that compresses what is written to {@code out}. */
    public interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    public static byte[] compressed(byte[] body, Compressor compressor) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream stream = compressor.wrap(out)) {
                stream.write(body);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] body) {
        return compressed(body, GZIPOutputStream::new);
    }
}
