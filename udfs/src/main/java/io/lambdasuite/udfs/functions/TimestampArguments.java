package io.lambdasuite.udfs.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.ConstantArgumentCount;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.inference.TypeStrategy;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeCasts;

/**
 * Argument typing for the functions that take a point in time ({@code SNAPSHOT_ID}, {@code SNAPSHOT_PARTITION},
 * {@code VERSION_COMPARE}). A time argument may be a {@code TIMESTAMP_LTZ(p)}, a {@code TIMESTAMP(p)} (read as UTC)
 * or an integer (epoch milliseconds), of any precision; it is brought to {@code TIMESTAMP_LTZ(3)},
 * {@code TIMESTAMP(3)} or {@code BIGINT} <em>of the same kind</em>, so the matching {@code eval} overload runs.
 *
 * <p>Why not plain overloaded {@code eval}s with type hints: Flink picks an overload without a cast only when the
 * precision matches exactly, and otherwise the first overload that accepts an implicit cast. {@code TIMESTAMP(0)}
 * (a literal) or {@code TIMESTAMP(6)} (a Parquet column) would then be cast to {@code TIMESTAMP_LTZ} in the session
 * time zone, and the hour would silently shift. Here the kind of the argument decides, never the session zone.
 */
final class TimestampArguments implements InputTypeStrategy {
    /** The three kinds a time argument can have, by their p=3 type. */
    private static final DataType[] KINDS = {DataTypes.TIMESTAMP_LTZ(3), DataTypes.TIMESTAMP(3), DataTypes.BIGINT()};

    /** Declared type per argument; null at the positions of time arguments. */
    private final DataType[] declared;

    /** @param declared the type of each argument, {@code null} for a time argument */
    TimestampArguments(DataType... declared) {
        this.declared = declared.clone();
    }

    /** An output type of the same kind as the (first) time argument. */
    static TypeStrategy sameKindAsFirstTimeArgument() {
        return context -> {
            for (DataType t : context.getArgumentDataTypes()) {
                DataType kind = kindOf(t.getLogicalType());
                if (kind != null) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        };
    }

    @Override
    public ArgumentCount getArgumentCount() {
        return ConstantArgumentCount.of(declared.length);
    }

    @Override
    public Optional<List<DataType>> inferInputTypes(CallContext context, boolean throwOnFailure) {
        List<DataType> actual = context.getArgumentDataTypes();
        // all time arguments share one kind; an untyped NULL takes the kind of the others (default LTZ)
        DataType kind = null;
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] != null) {
                continue;
            }
            LogicalType t = actual.get(i).getLogicalType();
            DataType k = kindOf(t);
            if (k == null && !isUntypedNull(t)) {
                return context.fail(throwOnFailure,
                        "Argument %s of %s must be a TIMESTAMP_LTZ, a TIMESTAMP (UTC) or epoch milliseconds, not %s.",
                        i + 1, context.getName(), t);
            }
            if (k != null && kind != null && !k.equals(kind)) {
                return context.fail(throwOnFailure, "The time arguments of %s must have the same type.",
                        context.getName());
            }
            kind = k != null ? k : kind;
        }
        List<DataType> inferred = new ArrayList<>(declared.length);
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] == null) {
                inferred.add(kind != null ? kind : KINDS[0]);
            } else if (LogicalTypeCasts.supportsImplicitCast(actual.get(i).getLogicalType(), declared[i].getLogicalType())) {
                inferred.add(declared[i]);
            } else {
                return context.fail(throwOnFailure, "Argument %s of %s must be %s, not %s.", i + 1,
                        context.getName(), declared[i], actual.get(i));
            }
        }
        return Optional.of(inferred);
    }

    @Override
    public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
        List<Signature> signatures = new ArrayList<>();
        for (DataType kind : KINDS) {
            List<Signature.Argument> args = new ArrayList<>();
            for (DataType d : declared) {
                args.add(Signature.Argument.of((d == null ? kind : d).getLogicalType().asSummaryString()));
            }
            signatures.add(Signature.of(args));
        }
        return signatures;
    }

    /** The p=3 kind of a time argument, or null when the type is not one. */
    private static DataType kindOf(LogicalType t) {
        switch (t.getTypeRoot()) {
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return KINDS[0];
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return KINDS[1];
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                return KINDS[2];
            default:
                return null;
        }
    }

    private static boolean isUntypedNull(LogicalType t) {
        return t.getTypeRoot() == LogicalTypeRoot.NULL;
    }
}
