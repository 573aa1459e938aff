package io.netra.analytics.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What identifies a series and its points in the OTLP data model, as canonical bytes: user, metric name, type, unit,
 * temporality and monotonicity, resource, scope and point attributes (each in canonical order), and for a point its
 * start and end time. Every part is length-prefixed, so no two different identities share their bytes. The request's
 * own bytes play no part: a resent export, whatever its encoding or order, gives the same ids.
 */
final class Identity {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    Identity text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        number(utf8.length);
        bytes.writeBytes(utf8);
        return this;
    }

    Identity number(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes.write((int) (value >>> shift));
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
        Identity copy = new Identity();
        copy.bytes.writeBytes(bytes.toByteArray());
        return copy;
    }

    long hash64() {
        byte[] data = bytes.toByteArray();
        return Murmur3.hash128(data, data.length)[0];
    }

    UUID uuid() {
        byte[] data = bytes.toByteArray();
        long[] hash = Murmur3.hash128(data, data.length);
        return new UUID(hash[0], hash[1]);
    }
}
