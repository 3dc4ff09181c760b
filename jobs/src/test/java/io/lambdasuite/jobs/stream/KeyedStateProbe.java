package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Reads one keyed state of the operator under test for one key, through the operator's own state backend
 * (the state registered by the function under that name, TTL decoration included). For assertions finer than
 * {@code numKeyedStateEntries()}, which counts every state of every key.
 */
final class KeyedStateProbe {
    private KeyedStateProbe() {}

    static <S extends State> S state(AbstractStreamOperatorTestHarness<?> harness, String key,
            StateDescriptor<S, ?> descriptor) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }

    /** How many facts wait for a dimension under {@code key} (the {@link WaitingFacts} state of the joins). */
    static int waitingFacts(AbstractStreamOperatorTestHarness<?> harness, String key) throws Exception {
        MapState<Long, List<ActivityRow>> waiting = state(harness, key, new MapStateDescriptor<>(
                "waiting-facts", Types.LONG, Types.LIST(TypeInformation.of(ActivityRow.class))));
        int n = 0;
        for (List<ActivityRow> facts : waiting.values()) {
            n += facts.size();
        }
        return n;
    }
}
