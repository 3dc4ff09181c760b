package io.lambdasuite.udfs.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link ActivityRow}, serialized by {@link ActivityRowSerializer}. */
public final class ActivityRowTypeInfo extends RowTypeInfo<ActivityRow> {
    private static final long serialVersionUID = 1L;

    public ActivityRowTypeInfo() {
        super(ActivityRow.class);
    }

    @Override
    public TypeSerializer<ActivityRow> createSerializer(SerializerConfig config) {
        return new ActivityRowSerializer();
    }

    /** What {@code @TypeInfo} on {@link ActivityRow} names. */
    public static final class Factory extends TypeInfoFactory<ActivityRow> {
        @Override
        public TypeInformation<ActivityRow> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ActivityRowTypeInfo();
        }
    }
}
