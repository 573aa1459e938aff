package io.netra.analytics.otlp;

/**
 * MurmurHash3, x64 128-bit variant (seed 0): fast, well mixed, and stable across releases and machines, which a
 * stored id must be. Not collision-resistant against a chosen input; a user who crafts a collision can only collapse
 * two of their own points, since every id includes the user.
 */
final class Murmur3 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /** The two 64-bit halves of the hash of {@code data[0, length)}. */
    static long[] hash128(byte[] data, int length) {
        long h1 = 0;
        long h2 = 0;
        int blocks = length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndian(data, i * 16);
            long k2 = littleEndian(data, i * 16 + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        int tail = blocks * 16;
        for (int i = length - tail - 1; i >= 8; i--) {
            k2 = k2 << 8 | (data[tail + i] & 0xffL);
        }
        for (int i = Math.min(length - tail, 8) - 1; i >= 0; i--) {
            k1 = k1 << 8 | (data[tail + i] & 0xffL);
        }
        if (length - tail > 8) {
            h2 ^= mixK2(k2);
        }
        if (length - tail > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return new long[] { h1, h2 };
    }

    private static long littleEndian(byte[] data, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (data[at + i] & 0xffL);
        }
        return value;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
