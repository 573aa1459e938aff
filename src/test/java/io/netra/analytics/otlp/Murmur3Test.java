package io.netra.analytics.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Murmur3Test {

    private static long[] hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Murmur3.hash128(bytes, bytes.length);
    }

    @Test
    void matchesTheReferenceVectorsOfMurmurHash3X64With128Bits() {
        // the published vector: 6c1b07bc7bbc4be347939ac4a93c437a, the two halves little-endian
        assertArrayEquals(new long[] { 0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L }, hash("The quick brown fox jumps over the lazy dog"));
        assertArrayEquals(new long[] { 0, 0 }, hash(""));
        assertArrayEquals(new long[] { 0xcbd8a7b341bd9b02L, 0x5b1e906a48ae1d19L }, hash("hello"));
        // a whole block and one byte of tail
        assertArrayEquals(new long[] { 0xeb24ae8785a5c075L, 0x73fb68b3313128caL }, hash("0123456789abcdef0"));
    }
}
