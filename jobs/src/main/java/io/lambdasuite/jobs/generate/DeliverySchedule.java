package io.lambdasuite.jobs.generate;

import io.lambdasuite.jobs.generate.Rows.Tracked;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The delivery side of the stream: what comes out, in which order. A message is delivered now (appended to the
 * output queue, possibly followed later by a byte-identical duplicate) or held, until a step number (short
 * holds: out-of-order versions, dimension rows after their facts, duplicates) or until an instant of the commit
 * clock (late messages; at most {@code lateBufferLimit} held at once, beyond which the oldest goes early). A held
 * message counts in its row's {@link Tracked#undelivered}, which tells the generator whether every earlier version
 * of a row has been delivered.
 */
final class DeliverySchedule {
    private final Rng rng;
    private final double duplicateShare;
    private final int lateBufferLimit;
    private final Map<String, Long> traits;
    private final ArrayDeque<GeneratedMessage> ready = new ArrayDeque<>();
    private final PriorityQueue<Held> bySteps = new PriorityQueue<>(Held.ORDER);
    private final PriorityQueue<Held> byTime = new PriorityQueue<>(Held.ORDER);
    private long seq;

    DeliverySchedule(Rng rng, double duplicateShare, int lateBufferLimit, Map<String, Long> traits) {
        this.rng = rng;
        this.duplicateShare = duplicateShare;
        this.lateBufferLimit = lateBufferLimit;
        this.traits = traits;
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    /** The next message in delivery order, or null. */
    GeneratedMessage poll() {
        return ready.poll();
    }

    /** Delivers now; a valid message is sometimes delivered again, byte-identical, up to 29 steps later. */
    void deliver(GeneratedMessage m, long step) {
        ready.add(m);
        if (GeneratedMessage.VALID.equals(m.kind) && rng.chance(duplicateShare)) {
            GeneratedMessage copy = m.withKind(GeneratedMessage.DUPLICATE);
            int delay = rng.nextInt(30);
            if (delay == 0) {
                ready.add(copy);
            } else {
                holdUntilStep(copy, null, step + delay);
            }
            traits.merge("duplicate", 1L, Long::sum);
        }
    }

    /** Delivers now, never duplicated (malformed messages). */
    void deliverOnce(GeneratedMessage m) {
        ready.add(m);
    }

    void holdUntilStep(GeneratedMessage m, Tracked owner, long releaseStep) {
        if (owner != null) {
            owner.undelivered++;
        }
        bySteps.add(new Held(releaseStep, seq++, m, owner));
    }

    void holdUntilTime(GeneratedMessage m, Tracked owner, long releaseAt, long step) {
        owner.undelivered++;
        byTime.add(new Held(releaseAt, seq++, m, owner));
        if (byTime.size() > lateBufferLimit) {
            release(byTime.poll(), step);
        }
    }

    /** Delivers what is due at this step and commit-clock instant. */
    void releaseDue(long step, long clock) {
        while (!bySteps.isEmpty() && bySteps.peek().release <= step) {
            release(bySteps.poll(), step);
        }
        while (!byTime.isEmpty() && byTime.peek().release <= clock) {
            release(byTime.poll(), step);
        }
    }

    /** At the end: delivers the next held message (short holds first, then the late ones); false when none is left. */
    boolean releaseNext(long step) {
        Held h = !bySteps.isEmpty() ? bySteps.poll() : byTime.poll();
        if (h == null) {
            return false;
        }
        release(h, step);
        return true;
    }

    private void release(Held h, long step) {
        if (h.owner != null) {
            h.owner.undelivered--;
        }
        deliver(h.message, step);
    }

    /** A message held back until a step number or a commit-clock instant. */
    private static final class Held {
        static final Comparator<Held> ORDER =
                Comparator.<Held>comparingLong(h -> h.release).thenComparingLong(h -> h.seq);
        final long release;
        final long seq;
        final GeneratedMessage message;
        final Tracked owner;

        Held(long release, long seq, GeneratedMessage message, Tracked owner) {
            this.release = release;
            this.seq = seq;
            this.message = message;
            this.owner = owner;
        }
    }
}
