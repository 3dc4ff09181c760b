package io.lambdasuite.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures, while open, every log event of this JVM at {@code level} or above (Flink, the Kafka clients and the
 * in-process broker included: their loggers are lowered to {@code level} too) and everything written to
 * {@code System.out} and {@code System.err}, as text with stack traces. The console keeps receiving what it
 * received before (warnings), so a test's output does not grow. Everything is restored on {@link #close()}.
 */
public final class LogCapture implements AutoCloseable {
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream std = new ByteArrayOutputStream();
    private final LoggerContext context;
    private final Appender appender;
    private final Map<LoggerConfig, Level> levels = new LinkedHashMap<>();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private LogCapture(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = new AbstractAppender("log-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                StringBuilder line = new StringBuilder(e.getLoggerName()).append(' ')
                        .append(e.getMessage().getFormattedMessage());
                if (e.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    e.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                events.add(line.toString());
            }
        };
        appender.start();
        config.addAppender(appender);
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        loggers.add(config.getRootLogger());
        for (LoggerConfig logger : loggers) {
            if (levels.containsKey(logger)) {
                continue;
            }
            levels.put(logger, logger.getLevel());
            // The console stays at the level the logger had: the test output does not fill with INFO lines.
            for (AppenderRef ref : logger.getAppenderRefs()) {
                Appender a = config.getAppender(ref.getRef());
                if (a != null) {
                    logger.removeAppender(a.getName());
                    logger.addAppender(a, logger.getLevel(), null);
                }
            }
            logger.addAppender(appender, level, null);
            logger.setLevel(level);
        }
        context.updateLoggers();
        System.setOut(new PrintStream(new Tee(out, std), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, std), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing at {@code level}. */
    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    /** Everything captured so far: log events, then standard output and error. */
    public String text() {
        StringBuilder all = new StringBuilder();
        for (String e : events) {
            all.append(e).append('\n');
        }
        synchronized (std) {
            all.append(std.toString(StandardCharsets.UTF_8));
        }
        return all.toString();
    }

    public int events() {
        return events.size();
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        Configuration config = context.getConfiguration();
        levels.forEach((logger, level) -> {
            logger.removeAppender(appender.getName());
            for (AppenderRef ref : logger.getAppenderRefs()) {
                Appender a = config.getAppender(ref.getRef());
                if (a != null) {
                    logger.removeAppender(a.getName());
                    logger.addAppender(a, ref.getLevel(), ref.getFilter());
                }
            }
            logger.setLevel(level);
        });
        context.updateLoggers();
        appender.stop();
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() {
            try {
                original.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
