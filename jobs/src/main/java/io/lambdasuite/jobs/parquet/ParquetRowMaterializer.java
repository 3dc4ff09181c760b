package io.lambdasuite.jobs.parquet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Materializes Parquet records straight into a POJO: one primitive converter per requested column sets the
 * public field of the same name through a {@link MethodHandle} resolved once per column (no reflection per
 * value). A new POJO is created per record, so fields whose column is absent from the file (schema
 * evolution) or null (optional columns) keep the POJO's defaults.
 *
 * <p>Use {@link #requestedSchema(MessageType, Class)} to project a file schema onto the columns the POJO can
 * hold, then build the materializer for that projection.
 */
final class ParquetRowMaterializer<T> extends RecordMaterializer<T> {
    private static final MethodType SETTER_OBJECT = MethodType.methodType(void.class, Object.class, Object.class);

    private final Root root;

    ParquetRowMaterializer(Class<T> type, MessageType requested) {
        this.root = new Root(type, requested);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getCurrentRecord() {
        return (T) root.current;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /**
     * The columns of {@code file} that {@code type} has a settable public field for (same name), in file order.
     * Columns without such a field are left out (never read); a field whose column has a type it cannot hold
     * is an error rather than a silent default.
     */
    static MessageType requestedSchema(MessageType file, Class<?> type) {
        Map<String, Field> fields = settableFields(type);
        List<Type> keep = new ArrayList<>();
        for (Type column : file.getFields()) {
            Field f = fields.get(column.getName());
            if (f == null) {
                continue;
            }
            if (!column.isPrimitive() || column.isRepetition(Type.Repetition.REPEATED)) {
                throw new IllegalArgumentException("Parquet column " + column + " cannot be read into field "
                        + type.getName() + "." + f.getName() + ": only non-repeated primitive columns are supported");
            }
            kindOf(column.asPrimitiveType(), f); // fails on incompatible types
            keep.add(column);
        }
        return new MessageType(file.getName(), keep);
    }

    /** Public, non-static, non-final instance fields by name; a subclass field hides a superclass one. */
    static Map<String, Field> settableFields(Class<?> type) {
        Map<String, Field> out = new HashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && !Modifier.isStatic(m) && !Modifier.isFinal(m) && !f.isSynthetic()
                        && Modifier.isPublic(c.getModifiers())) {
                    out.putIfAbsent(f.getName(), f);
                }
            }
        }
        return out;
    }

    private enum Kind {
        STRING, BYTES, LONG, UNSIGNED_INT_TO_LONG, BOXED_LONG, UNSIGNED_INT_TO_BOXED_LONG, INT, BOXED_INT, BOOLEAN,
        BOXED_BOOLEAN
    }

    private static Kind kindOf(PrimitiveType column, Field f) {
        Class<?> ft = f.getType();
        PrimitiveTypeName pt = column.getPrimitiveTypeName();
        boolean unsigned32 = pt == PrimitiveTypeName.INT32
                && column.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                && !((LogicalTypeAnnotation.IntLogicalTypeAnnotation) column.getLogicalTypeAnnotation()).isSigned();
        Kind kind = null;
        if (pt == PrimitiveTypeName.BINARY) {
            if (ft == String.class) {
                kind = Kind.STRING;
            } else if (ft == byte[].class) {
                kind = Kind.BYTES;
            }
        } else if (pt == PrimitiveTypeName.INT64) {
            if (ft == long.class) {
                kind = Kind.LONG;
            } else if (ft == Long.class) {
                kind = Kind.BOXED_LONG;
            }
        } else if (pt == PrimitiveTypeName.INT32) {
            if (ft == int.class) {
                kind = Kind.INT;
            } else if (ft == Integer.class) {
                kind = Kind.BOXED_INT;
            } else if (ft == long.class) {
                kind = unsigned32 ? Kind.UNSIGNED_INT_TO_LONG : Kind.LONG;
            } else if (ft == Long.class) {
                kind = unsigned32 ? Kind.UNSIGNED_INT_TO_BOXED_LONG : Kind.BOXED_LONG;
            }
        } else if (pt == PrimitiveTypeName.BOOLEAN) {
            if (ft == boolean.class) {
                kind = Kind.BOOLEAN;
            } else if (ft == Boolean.class) {
                kind = Kind.BOXED_BOOLEAN;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("Parquet column " + column + " cannot be read into field "
                    + f.getDeclaringClass().getName() + "." + f.getName() + " of type " + ft.getName());
        }
        return kind;
    }

    /** The record's group converter: creates the POJO, hands out one converter per requested column. */
    private static final class Root extends GroupConverter {
        private final MethodHandle constructor;
        private final Converter[] converters;
        Object current;

        Root(Class<?> type, MessageType requested) {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class))
                        .asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(type.getName() + " needs a public no-argument constructor", e);
            }
            Map<String, Field> fields = settableFields(type);
            this.converters = new Converter[requested.getFieldCount()];
            for (int i = 0; i < converters.length; i++) {
                PrimitiveType column = requested.getType(i).asPrimitiveType();
                Field f = fields.get(column.getName());
                if (f == null) {
                    throw new IllegalArgumentException("No public field " + column.getName() + " in " + type.getName());
                }
                MethodHandle setter;
                try {
                    setter = lookup.unreflectSetter(f);
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("Field " + f + " is not settable", e);
                }
                converters[i] = converter(kindOf(column, f), setter);
            }
        }

        private Converter converter(Kind kind, MethodHandle setter) {
            switch (kind) {
                case STRING:
                    return new StringConverter(this, setter.asType(SETTER_OBJECT));
                case BYTES:
                    return new BytesConverter(this, setter.asType(SETTER_OBJECT));
                case LONG:
                    return new LongConverter(this, setter.asType(MethodType.methodType(void.class, Object.class, long.class)), false);
                case UNSIGNED_INT_TO_LONG:
                    return new LongConverter(this, setter.asType(MethodType.methodType(void.class, Object.class, long.class)), true);
                case BOXED_LONG:
                    return new BoxedLongConverter(this, setter.asType(SETTER_OBJECT), false);
                case UNSIGNED_INT_TO_BOXED_LONG:
                    return new BoxedLongConverter(this, setter.asType(SETTER_OBJECT), true);
                case INT:
                    return new IntConverter(this, setter.asType(MethodType.methodType(void.class, Object.class, int.class)));
                case BOXED_INT:
                    return new BoxedIntConverter(this, setter.asType(SETTER_OBJECT));
                case BOOLEAN:
                    return new BooleanConverter(this, setter.asType(MethodType.methodType(void.class, Object.class, boolean.class)));
                case BOXED_BOOLEAN:
                    return new BoxedBooleanConverter(this, setter.asType(SETTER_OBJECT));
                default:
                    throw new IllegalStateException(kind.name());
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            try {
                current = (Object) constructor.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void end() {}
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    /** Sets a String field; decodes each dictionary entry once and shares the String. */
    private static final class StringConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;
        private String[] dictionary;

        StringConverter(Root root, MethodHandle setter) {
            this.root = root;
            this.setter = setter;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dict) {
            String[] values = new String[dict.getMaxId() + 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = dict.decodeToBinary(i).toStringUsingUTF8();
            }
            this.dictionary = values;
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            set(dictionary[dictionaryId]);
        }

        @Override
        public void addBinary(Binary value) {
            set(value.toStringUsingUTF8());
        }

        private void set(Object v) {
            try {
                setter.invokeExact(root.current, v);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** Sets a byte[] field with a copy of the value. */
    private static final class BytesConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;

        BytesConverter(Root root, MethodHandle setter) {
            this.root = root;
            this.setter = setter;
        }

        @Override
        public void addBinary(Binary value) {
            Object bytes = value.getBytes();
            try {
                setter.invokeExact(root.current, bytes);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** Sets a long field from INT64, or from INT32 (sign- or zero-extended for UINT(32) columns). */
    private static final class LongConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;
        private final boolean unsigned;

        LongConverter(Root root, MethodHandle setter, boolean unsigned) {
            this.root = root;
            this.setter = setter;
            this.unsigned = unsigned;
        }

        @Override
        public void addLong(long value) {
            try {
                setter.invokeExact(root.current, value);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void addInt(int value) {
            addLong(unsigned ? Integer.toUnsignedLong(value) : value);
        }
    }

    /** Sets a Long field (optional columns: absent keeps the default). */
    private static final class BoxedLongConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;
        private final boolean unsigned;

        BoxedLongConverter(Root root, MethodHandle setter, boolean unsigned) {
            this.root = root;
            this.setter = setter;
            this.unsigned = unsigned;
        }

        @Override
        public void addLong(long value) {
            Object boxed = value;
            try {
                setter.invokeExact(root.current, boxed);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void addInt(int value) {
            addLong(unsigned ? Integer.toUnsignedLong(value) : value);
        }
    }

    /** Sets an int field from INT32 (any width annotation). */
    private static final class IntConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;

        IntConverter(Root root, MethodHandle setter) {
            this.root = root;
            this.setter = setter;
        }

        @Override
        public void addInt(int value) {
            try {
                setter.invokeExact(root.current, value);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** Sets an Integer field from INT32. */
    private static final class BoxedIntConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;

        BoxedIntConverter(Root root, MethodHandle setter) {
            this.root = root;
            this.setter = setter;
        }

        @Override
        public void addInt(int value) {
            Object boxed = value;
            try {
                setter.invokeExact(root.current, boxed);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** Sets a boolean field. */
    private static final class BooleanConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;

        BooleanConverter(Root root, MethodHandle setter) {
            this.root = root;
            this.setter = setter;
        }

        @Override
        public void addBoolean(boolean value) {
            try {
                setter.invokeExact(root.current, value);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** Sets a Boolean field. */
    private static final class BoxedBooleanConverter extends PrimitiveConverter {
        private final Root root;
        private final MethodHandle setter;

        BoxedBooleanConverter(Root root, MethodHandle setter) {
            this.root = root;
            this.setter = setter;
        }

        @Override
        public void addBoolean(boolean value) {
            Object boxed = value;
            try {
                setter.invokeExact(root.current, boxed);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }
}
