package io.lambdasuite.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The report files a benchmark wrote. */
final class BenchFiles {
    private BenchFiles() {}

    /** The one report of {@code name} in {@code out}: its .md, .json and .png, in that order. */
    static List<Path> reports(Path out, String name) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(name + "-")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        Path json = files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        Path md = files.stream().filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
        Path png = files.stream().filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        for (Path p : List.of(json, md, png)) {
            assertThat(Files.size(p)).isPositive();
        }
        return List.of(md, json, png);
    }
}
