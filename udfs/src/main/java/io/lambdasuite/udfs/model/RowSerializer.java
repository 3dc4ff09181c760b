package io.lambdasuite.udfs.model;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the rows' own Flink serializers (the records of the hottest hops and states): field by field like the
 * POJO serializer, but each string as one block ({@link StringBlocks}). Subclasses write and read the fields;
 * mutable rows, no reuse, no parameters. Not thread-safe (the string buffer): {@link #duplicate()} gives each
 * user its own.
 */
abstract class RowSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    final StringBlocks strings = new StringBlocks();

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    /**
     * The snapshot of a row serializer: names it (and its version), and migrates state that builds before it wrote
     * with Flink's POJO serializer of the same fields (read with the POJO serializer its snapshot restores, written
     * again with this one).
     */
    abstract static class Snapshot<T> extends SimpleTypeSerializerSnapshot<T> {
        Snapshot(Supplier<? extends TypeSerializer<T>> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
            if (oldSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSnapshot);
        }
    }
}
