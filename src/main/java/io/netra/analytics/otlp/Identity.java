package io.netra.analytics.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * What identifies a series and its points in the OTLP data model, as canonical bytes: user, metric name, type, unit,
 * temporality and monotonicity, resource, scope and point attributes (each in canonical order), and for a point its
 * start and end time. Every part is length-prefixed, so no two different identities share their bytes. The request's
 * own bytes play no part: a resent export, whatever its encoding or order, gives the same ids.
 */
final class Identity {

    private byte[] bytes;
    private int size;

    Identity() {
        this(new byte[256], 0);
    }

    private Identity(byte[] bytes, int size) {
        this.bytes = bytes;
        this.size = size;
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    Identity text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        number(utf8.length);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    Identity number(long value) {
        room(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    Identity attributes(Attributes attributes) {
        number(attributes.keys().size());
        for (int i = 0; i < attributes.keys().size(); i++) {
            text(attributes.keys().get(i)).text(attributes.values().get(i));
        }
        return this;
    }

    /** A copy to extend: the identity of a metric, extended by each of its points. */
    Identity copy() {
        return new Identity(Arrays.copyOf(bytes, Math.max(bytes.length, size + 128)), size);
    }

    long hash64() {
        return Murmur3.hash128(bytes, size)[0];
    }

    UUID uuid() {
        long[] hash = Murmur3.hash128(bytes, size);
        return new UUID(hash[0], hash[1]);
    }
}
