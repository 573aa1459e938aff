package io.netra.analytics.clickhouse;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * Writes one JSONEachRow line field by field, without a generator or a tree (they cost a quarter of ingest in the
 * profile): strings of printable ASCII are copied, others quoted by Jackson's encoder, and doubles printed by its
 * shortest round-trip writer, as a generator would. The caller writes the fields in order; the first one opens the
 * object.
 * <p>
 * A field left out is stored as its type's zero value (ClickHouse fills omitted JSONEachRow fields so; 18.16 ignores
 * a column's DEFAULT expression there), hence the {@code ...UnlessEmpty} and {@code ...UnlessZero} forms: the same row
 * in fewer bytes to write and to parse. Use them only where the zero value is the value meant: never for a Nullable
 * column, an Enum, or a column with a DEFAULT. Fields that many rows share can be written once and added to each with
 * {@link #fields(byte[])}.
 */
public final class JsonRowWriter {

    private final Line line;
    private boolean first = true;

    public JsonRowWriter(int expectedSize) {
        this.line = new Line(expectedSize);
    }

    private JsonRowWriter name(String name) {
        line.write(first ? '{' : ',');
        first = false;
        line.write('"');
        line.ascii(name);
        line.write('"');
        line.write(':');
        return this;
    }

    public JsonRowWriter string(String name, String value) {
        name(name).line.quoted(value);
        return this;
    }

    public JsonRowWriter stringUnlessEmpty(String name, String value) {
        return value.isEmpty() ? this : string(name, value);
    }

    public JsonRowWriter numberUnlessZero(String name, long value) {
        return value == 0 ? this : number(name, value);
    }

    public JsonRowWriter unsignedUnlessZero(String name, long value) {
        return value == 0 ? this : unsigned(name, value);
    }

    public JsonRowWriter stringsUnlessEmpty(String name, Collection<String> values) {
        return values.isEmpty() ? this : strings(name, values);
    }

    /** Adds fields written once by another writer ({@link #writtenFields()}), after those written here. */
    public JsonRowWriter fields(byte[] writtenFields) {
        if (writtenFields.length > 0) {
            line.write(first ? '{' : ',');
            first = false;
            line.writeBytes(writtenFields);
        }
        return this;
    }

    /** The fields written so far, to add to other rows with {@link #fields(byte[])}. */
    public byte[] writtenFields() {
        return first ? new byte[0] : line.copy(1);
    }

    public JsonRowWriter number(String name, long value) {
        name(name).line.ascii(Long.toString(value));
        return this;
    }

    /** A UInt64 column: the 64 bits of {@code value} read as unsigned. */
    public JsonRowWriter unsigned(String name, long value) {
        name(name).line.ascii(Long.toUnsignedString(value));
        return this;
    }

    /** A finite double; the validators refuse the others, which JSON cannot carry. */
    public JsonRowWriter number(String name, double value) {
        name(name).line.ascii(NumberOutput.toString(value, true));
        return this;
    }

    /** A Nullable column: the value, or null. */
    public JsonRowWriter nullableNumber(String name, boolean present, double value) {
        if (present) {
            return number(name, value);
        }
        name(name).line.ascii("null");
        return this;
    }

    public JsonRowWriter strings(String name, Collection<String> values) {
        name(name).line.strings(values);
        return this;
    }

    /** An Array(UInt64) column: each value's 64 bits read as unsigned. */
    public JsonRowWriter unsignedLongs(String name, List<Long> values) {
        name(name).line.write('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.write(',');
            }
            line.ascii(Long.toUnsignedString(values.get(i)));
        }
        line.write(']');
        return this;
    }

    public JsonRowWriter doubles(String name, List<Double> values) {
        name(name).line.write('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.write(',');
            }
            line.ascii(NumberOutput.toString(values.get(i), true));
        }
        line.write(']');
        return this;
    }

    public JsonRowWriter stringArrays(String name, List<? extends Collection<String>> values) {
        name(name).line.write('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.write(',');
            }
            line.strings(values.get(i));
        }
        line.write(']');
        return this;
    }

    public Row row(RowTable table) {
        line.write('}');
        return new Row(table, line.copy(0));
    }

    /** A growing byte buffer for one thread: ByteArrayOutputStream's locks and copies were a tenth of the OTLP profile. */
    private static final class Line {

        private byte[] bytes;
        private int size;

        Line(int expectedSize) {
            bytes = new byte[Math.max(16, expectedSize)];
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void write(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void writeBytes(byte[] more) {
            room(more.length);
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }

        byte[] copy(int from) {
            return Arrays.copyOfRange(bytes, from, size);
        }

        /** Names, numbers and ids: ASCII only, written as they are. */
        void ascii(String text) {
            int length = text.length();
            room(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
        }

        /**
         * A JSON string: printable ASCII copied as it goes, in one pass; a string with anything else (to escape, or
         * beyond ASCII) is written again by Jackson's encoder.
         */
        void quoted(String text) {
            write('"');
            int start = size;
            int length = text.length();
            room(length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    size = start;
                    writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text));
                    break;
                }
                bytes[size++] = (byte) c;
            }
            write('"');
        }

        void strings(Collection<String> texts) {
            write('[');
            boolean firstText = true;
            for (String text : texts) {
                if (!firstText) {
                    write(',');
                }
                quoted(text);
                firstText = false;
            }
            write(']');
        }
    }
}
