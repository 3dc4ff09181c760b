package io.lambdasuite.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitChangedLinesTest {
    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(value = {
        "0, ''",
        "1, 1-9",
        "9, 1-9",
        "10, 10-59",
        "59, 10-59",
        "60, 60-99",
        "99, 60-99",
        "100, 100-499",
        "499, 100-499",
        "500, 500+",
        "8589934590, 500+",
        "-1, ''",
    })
    void bucketEdges(long lines, String bucket) {
        assertThat(GitChangedLines.bucket(lines)).isEqualTo(bucket);
    }

    @Test
    void changedLinesIsInsertionsPlusDeletionsWithoutOverflowForUint32Inputs() {
        assertThat(GitChangedLines.changedLines(0, 0)).isZero();
        assertThat(GitChangedLines.changedLines(7, 3)).isEqualTo(10);
        assertThat(GitChangedLines.changedLines(0xFFFF_FFFFL, 0xFFFF_FFFFL)).isEqualTo(8_589_934_590L);
    }
}
