package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;

import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.support.Compression;

class RequestBodiesTest {

    private static final byte[] BODY = "[{\"metric\":\"m\",\"value\":1}]".getBytes(StandardCharsets.UTF_8);

    private static int status(Runnable call) {
        return assertThrows(ProblemException.class, call::run).problem().status();
    }

    @Test
    void gzipDeflateRawDeflateAndIdentityAllDecodeToTheSameBody() {
        assertArrayEquals(BODY, RequestBodies.decoded(Compression.gzip(BODY), "gzip", 1000));
        assertArrayEquals(BODY, RequestBodies.decoded(Compression.gzip(BODY), " GZIP ", 1000));
        assertArrayEquals(BODY, RequestBodies.decoded(Compression.compressed(BODY, DeflaterOutputStream::new), "deflate", 1000));
        assertArrayEquals(BODY, RequestBodies.decoded(Compression.compressed(BODY, out -> new DeflaterOutputStream(out, new Deflater(9, true))),
                "deflate", 1000));
        assertArrayEquals(BODY, RequestBodies.decoded(BODY, null, 1000));
        assertArrayEquals(BODY, RequestBodies.decoded(BODY, "identity", 1000));
    }

    @Test
    void theLimitCountsDecodedBytes() {
        assertArrayEquals(BODY, RequestBodies.decoded(Compression.gzip(BODY), "gzip", BODY.length));
        assertEquals(413, status(() -> RequestBodies.decoded(Compression.gzip(BODY), "gzip", BODY.length - 1)));
        assertArrayEquals(BODY, RequestBodies.decoded(BODY, null, BODY.length));
        assertEquals(413, status(() -> RequestBodies.decoded(BODY, null, BODY.length - 1)));
    }

    @Test
    void rawDeflateWhoseFirstByteLooksLikeAZlibHeaderIsTakenAsRawWhenTheHeaderChecksumFails() {
        // a stored block holding "hello" (its first byte 0x08 is zlib's method 8; 0x0805 is no multiple of 31), then an
        // empty final block
        byte[] raw = { 0x08, 0x05, 0x00, (byte) 0xfa, (byte) 0xff, 'h', 'e', 'l', 'l', 'o', 0x03, 0x00 };

        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), RequestBodies.decoded(raw, "deflate", 1000));
    }

    @Test
    void aBombIsRefusedAfterInflatingNoMoreThanTheLimit() {
        byte[] bomb = Compression.gzip(" ".repeat(60 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII));
        assertEquals(true, bomb.length < 100 * 1024, "60 MB of spaces compress to " + bomb.length + " bytes");

        ProblemException refused = assertThrows(ProblemException.class, () -> RequestBodies.decoded(bomb, "gzip", 1024 * 1024));

        assertEquals(413, refused.problem().status());
        assertEquals("The body exceeds 1048576 bytes once decompressed.", refused.problem().detail());
    }

    @Test
    void aBodyThatDoesNotDecodeIs400AndAnotherEncoding415() {
        assertEquals(400, status(() -> RequestBodies.decoded(BODY, "gzip", 1000)));
        assertEquals(400, status(() -> RequestBodies.decoded(Compression.gzip(BODY), "deflate", 1000)));
        assertEquals(415, status(() -> RequestBodies.decoded(BODY, "br", 1000)));
        assertEquals(400, status(() -> RequestBodies.decoded(new byte[0], "deflate", 1000)), "too short for a zlib header");
        assertEquals(400, status(() -> RequestBodies.decoded(new byte[] { 0x08, 0x00, 0x01 }, "deflate", 1000)), "method 8, bad checksum: raw");
    }
}
