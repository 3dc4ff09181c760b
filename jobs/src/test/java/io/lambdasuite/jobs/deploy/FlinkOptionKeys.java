package io.lambdasuite.jobs.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * Every configuration key Flink defines, read by reflection from the {@code *Options} classes of the Flink jars
 * on the classpath (the {@link ConfigOption} constants Flink's own documentation is generated from). A key in
 * deploy/ that is not one of them is a typo or an option that no longer exists, which Flink would ignore without
 * a word; a deprecated key is reported with its replacement.
 */
final class FlinkOptionKeys {
    private final Map<String, ConfigOption<?>> options = new HashMap<>();
    private final Map<String, String> deprecated = new HashMap<>();
    /** Options documented under a prefix with a name in it, e.g. metrics.reporter.&lt;name&gt;.factory.class. */
    private final List<Pattern> suffixOptions = new ArrayList<>();

    /** The options defined in the jars that hold the given classes (one class per jar is enough). */
    static FlinkOptionKeys of(Class<?>... anchors) throws IOException {
        FlinkOptionKeys keys = new FlinkOptionKeys();
        Set<Path> jars = new LinkedHashSet<>();
        for (Class<?> anchor : anchors) {
            try {
                jars.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        for (Path jar : jars) {
            try (JarFile f = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements();) {
                    String name = e.nextElement().getName();
                    if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class") && !name.contains("$")) {
                        keys.addOptionsOf(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        return keys;
    }

    private void addOptionsOf(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, true, FlinkOptionKeys.class.getClassLoader());
        } catch (Throwable e) {
            return; // an options class of an optional module whose dependencies are absent
        }
        for (Field f : c.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) {
                continue;
            }
            ConfigOption<?> o;
            try {
                o = (ConfigOption<?>) f.get(null);
            } catch (IllegalAccessException e) {
                continue;
            }
            Documentation.SuffixOption suffix = f.getAnnotation(Documentation.SuffixOption.class);
            if (suffix != null) {
                suffixOptions.add(Pattern.compile(Pattern.quote(suffix.value()).replace("<name>", "\\E[^.]+\\Q")
                        + "\\." + Pattern.quote(o.key())));
                continue;
            }
            options.put(o.key(), o);
            for (FallbackKey k : o.fallbackKeys()) {
                deprecated.putIfAbsent(k.getKey(), o.key());
            }
        }
    }

    /** How many keys were found (a scan that found nothing must not pass every key). */
    int size() {
        return options.size() + suffixOptions.size();
    }

    /** Why {@code key} is not a current Flink option key, or empty when it is one. */
    Optional<String> problem(String key) {
        if (options.containsKey(key)) {
            return Optional.empty();
        }
        for (Pattern p : suffixOptions) {
            if (p.matcher(key).matches()) {
                return Optional.empty();
            }
        }
        if (deprecated.containsKey(key)) {
            return Optional.of(key + " is deprecated, use " + deprecated.get(key));
        }
        return Optional.of(key + " is not a Flink option");
    }
}
