package io.lambdasuite.udfs.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@link ActivityRow} (chosen through the class's {@code @TypeInfo}), serialized by
 * {@link ActivityRowSerializer}. Not a key type: streams are keyed by a selector's string or long.
 */
public final class ActivityRowTypeInfo extends TypeInformation<ActivityRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<ActivityRow> getTypeClass() {
        return ActivityRow.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ActivityRow> createSerializer(SerializerConfig config) {
        return new ActivityRowSerializer();
    }

    @Override
    public String toString() {
        return "ActivityRow";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ActivityRowTypeInfo;
    }

    @Override
    public int hashCode() {
        return ActivityRowTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof ActivityRowTypeInfo;
    }

    /** What {@code @TypeInfo} on {@link ActivityRow} names. */
    public static final class Factory extends TypeInfoFactory<ActivityRow> {
        @Override
        public TypeInformation<ActivityRow> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ActivityRowTypeInfo();
        }
    }
}
