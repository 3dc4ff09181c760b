package io.lambdasuite.jobs.parquet;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A Parquet schema for a Java row type, with one accessor per column, so rows are written straight from the
 * POJO (no Avro or RowData copy per record). Timestamps are INT64 milliseconds annotated as UTC-adjusted
 * (SPEC §8), strings are UTF-8 binaries, small integers carry their width annotations.
 */
public final class ParquetSchema<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reads a long column from a row. */
    public interface LongGetter<T> extends Serializable {
        long get(T row);
    }

    /** Reads an int column from a row. */
    public interface IntGetter<T> extends Serializable {
        int get(T row);
    }

    /** Reads a boolean column from a row. */
    public interface BoolGetter<T> extends Serializable {
        boolean get(T row);
    }

    /** Reads a reference-typed column from a row; null writes nothing (optional columns only). */
    public interface Getter<T, V> extends Serializable {
        V get(T row);
    }

    private final String name;
    private final List<Column<T>> columns;

    private ParquetSchema(String name, List<Column<T>> columns) {
        this.name = name;
        this.columns = Collections.unmodifiableList(columns);
    }

    public static <T> Builder<T> builder(String name) {
        return new Builder<>(name);
    }

    public MessageType messageType() {
        List<Type> fields = new ArrayList<>();
        for (Column<T> c : columns) {
            fields.add(c.type());
        }
        return new MessageType(name, fields);
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (Column<T> c : columns) {
            names.add(c.name);
        }
        return names;
    }

    /** Writes one row as one Parquet record. */
    void write(RecordConsumer rc, T row) {
        rc.startMessage();
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).write(rc, row, i);
        }
        rc.endMessage();
    }

    /** One column: its Parquet type and how to write its value. */
    private abstract static class Column<T> implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;

        Column(String name) {
            this.name = name;
        }

        abstract Type type();

        abstract void write(RecordConsumer rc, T row, int index);
    }

    /** A required UTF-8 string ('' rather than null). */
    private static final class StringColumn<T> extends Column<T> {
        private static final long serialVersionUID = 1L;
        private static final Binary EMPTY = Binary.fromConstantByteArray(new byte[0]);
        private final Getter<T, String> getter;

        StringColumn(String name, Getter<T, String> getter) {
            super(name);
            this.getter = getter;
        }

        @Override
        Type type() {
            return Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
        }

        @Override
        void write(RecordConsumer rc, T row, int index) {
            String v = getter.get(row);
            rc.startField(name, index);
            // A byte-array Binary, not fromString's ByteBuffer-backed one: the dictionary encoder compares every
            // value it hashes, byte by byte through the buffer, which was the most sampled frame of the job.
            rc.addBinary(v == null || v.isEmpty() ? EMPTY : Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8)));
            rc.endField(name, index);
        }
    }

    /** An optional byte array (raw payloads); null writes nothing. */
    private static final class BytesColumn<T> extends Column<T> {
        private static final long serialVersionUID = 1L;
        private final Getter<T, byte[]> getter;

        BytesColumn(String name, Getter<T, byte[]> getter) {
            super(name);
            this.getter = getter;
        }

        @Override
        Type type() {
            return Types.optional(PrimitiveTypeName.BINARY).named(name);
        }

        @Override
        void write(RecordConsumer rc, T row, int index) {
            byte[] v = getter.get(row);
            if (v != null) {
                rc.startField(name, index);
                rc.addBinary(Binary.fromConstantByteArray(v));
                rc.endField(name, index);
            }
        }
    }

    /** An optional INT64, optionally a timestamp (ms, UTC-adjusted); null writes nothing. */
    private static final class OptionalInt64Column<T> extends Column<T> {
        private static final long serialVersionUID = 1L;
        private final Getter<T, Long> getter;
        private final boolean timestamp;

        OptionalInt64Column(String name, Getter<T, Long> getter, boolean timestamp) {
            super(name);
            this.getter = getter;
            this.timestamp = timestamp;
        }

        @Override
        Type type() {
            return timestamp
                    ? Types.optional(PrimitiveTypeName.INT64).as(TIMESTAMP_MILLIS_UTC).named(name)
                    : Types.optional(PrimitiveTypeName.INT64).named(name);
        }

        @Override
        void write(RecordConsumer rc, T row, int index) {
            Long v = getter.get(row);
            if (v != null) {
                rc.startField(name, index);
                rc.addLong(v);
                rc.endField(name, index);
            }
        }
    }

    /** A required INT64, optionally annotated (timestamps). */
    private static final class Int64Column<T> extends Column<T> {
        private static final long serialVersionUID = 1L;
        private final LongGetter<T> getter;
        private final boolean timestamp;

        Int64Column(String name, LongGetter<T> getter, boolean timestamp) {
            super(name);
            this.getter = getter;
            this.timestamp = timestamp;
        }

        @Override
        Type type() {
            return timestamp
                    ? Types.required(PrimitiveTypeName.INT64).as(TIMESTAMP_MILLIS_UTC).named(name)
                    : Types.required(PrimitiveTypeName.INT64).named(name);
        }

        @Override
        void write(RecordConsumer rc, T row, int index) {
            rc.startField(name, index);
            rc.addLong(getter.get(row));
            rc.endField(name, index);
        }
    }

    /** A required INT32 with an integer width annotation (bits 0 means none). */
    private static final class Int32Column<T> extends Column<T> {
        private static final long serialVersionUID = 1L;
        private final IntGetter<T> getter;
        private final int bits;
        private final boolean signed;

        Int32Column(String name, IntGetter<T> getter, int bits, boolean signed) {
            super(name);
            this.getter = getter;
            this.bits = bits;
            this.signed = signed;
        }

        @Override
        Type type() {
            return bits == 0
                    ? Types.required(PrimitiveTypeName.INT32).named(name)
                    : Types.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(bits, signed)).named(name);
        }

        @Override
        void write(RecordConsumer rc, T row, int index) {
            rc.startField(name, index);
            rc.addInteger(getter.get(row));
            rc.endField(name, index);
        }
    }

    /** A required boolean. */
    private static final class BoolColumn<T> extends Column<T> {
        private static final long serialVersionUID = 1L;
        private final BoolGetter<T> getter;

        BoolColumn(String name, BoolGetter<T> getter) {
            super(name);
            this.getter = getter;
        }

        @Override
        Type type() {
            return Types.required(PrimitiveTypeName.BOOLEAN).named(name);
        }

        @Override
        void write(RecordConsumer rc, T row, int index) {
            rc.startField(name, index);
            rc.addBoolean(getter.get(row));
            rc.endField(name, index);
        }
    }

    private static final LogicalTypeAnnotation TIMESTAMP_MILLIS_UTC =
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS);

    /** Builds a schema column by column, in order. */
    public static final class Builder<T> {
        private final String name;
        private final List<Column<T>> columns = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public ParquetSchema<T> build() {
            return new ParquetSchema<>(name, new ArrayList<>(columns));
        }

        /** A required UTF-8 string ('' rather than null). */
        public Builder<T> string(String column, Getter<T, String> getter) {
            columns.add(new StringColumn<>(column, getter));
            return this;
        }

        /** An optional byte array (raw payloads). */
        public Builder<T> bytes(String column, Getter<T, byte[]> getter) {
            columns.add(new BytesColumn<>(column, getter));
            return this;
        }

        /** A required INT64 timestamp, milliseconds, UTC-adjusted. */
        public Builder<T> timestamp(String column, LongGetter<T> getter) {
            columns.add(new Int64Column<>(column, getter, true));
            return this;
        }

        /** An optional INT64 timestamp, milliseconds, UTC-adjusted; null writes nothing. */
        public Builder<T> optionalTimestamp(String column, Getter<T, Long> getter) {
            columns.add(new OptionalInt64Column<>(column, getter, true));
            return this;
        }

        /** An optional signed 64-bit integer; null writes nothing. */
        public Builder<T> optionalInt64(String column, Getter<T, Long> getter) {
            columns.add(new OptionalInt64Column<>(column, getter, false));
            return this;
        }

        /** A required signed 64-bit integer. */
        public Builder<T> int64(String column, LongGetter<T> getter) {
            columns.add(new Int64Column<>(column, getter, false));
            return this;
        }

        /** A required signed 32-bit integer. */
        public Builder<T> int32(String column, IntGetter<T> getter) {
            columns.add(new Int32Column<>(column, getter, 0, true));
            return this;
        }

        /** A required signed 8-bit integer (INT32 annotated INT(8, signed)). */
        public Builder<T> int8(String column, IntGetter<T> getter) {
            columns.add(new Int32Column<>(column, getter, 8, true));
            return this;
        }

        /** A required unsigned 32-bit integer (INT32 annotated INT(32, unsigned)), from a long in [0, 2^32). */
        public Builder<T> uint32(String column, LongGetter<T> getter) {
            columns.add(new Int32Column<>(column, row -> (int) getter.get(row), 32, false));
            return this;
        }

        /** A required boolean. */
        public Builder<T> bool(String column, BoolGetter<T> getter) {
            columns.add(new BoolColumn<>(column, getter));
            return this;
        }
    }
}
