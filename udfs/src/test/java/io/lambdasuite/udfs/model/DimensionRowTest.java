package io.lambdasuite.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.rules.SnapshotIds;
import org.junit.jupiter.api.Test;

class DimensionRowTest {
    @Test
    void memberDisplayNameAndAttributesResolveSeparately() {
        MemberRow prev = new MemberRow();
        prev.displayName = "Old Name";
        prev.isBot = true;
        prev.isTeamMember = true;
        prev.isOrganization = true;

        MemberRow nameOnly = new MemberRow();
        nameOnly.toastMask = MemberRow.DISPLAY_NAME;
        nameOnly.resolveToast(prev);
        assertThat(nameOnly.displayName).isEqualTo("Old Name");
        assertThat(nameOnly.isBot).isFalse();
        assertThat(nameOnly.toastMask).isZero();

        MemberRow attributesOnly = new MemberRow();
        attributesOnly.displayName = "New Name";
        attributesOnly.toastMask = MemberRow.ATTRIBUTES;
        attributesOnly.resolveToast(prev);
        assertThat(attributesOnly.displayName).isEqualTo("New Name");
        assertThat(attributesOnly.isBot).isTrue();
        assertThat(attributesOnly.isTeamMember).isTrue();
        assertThat(attributesOnly.isOrganization).isTrue();
    }

    @Test
    void organizationColumns() {
        OrganizationRow prev = new OrganizationRow();
        prev.displayName = "Acme";
        prev.country = "Germany";
        prev.location = "Berlin";
        OrganizationRow r = new OrganizationRow();
        r.displayName = "Acme GmbH";
        r.toastMask = OrganizationRow.COUNTRY | OrganizationRow.LOCATION;
        r.resolveToast(prev);
        assertThat(r.displayName).isEqualTo("Acme GmbH");
        assertThat(r.country).isEqualTo("Germany");
        assertThat(r.location).isEqualTo("Berlin");
        assertThat(r.toastMask).isZero();

        OrganizationRow name = new OrganizationRow();
        name.toastMask = OrganizationRow.DISPLAY_NAME;
        name.resolveToast(prev);
        assertThat(name.displayName).isEqualTo("Acme");
        assertThat(name.country).isEmpty();
    }

    @Test
    void segmentColumns() {
        SegmentRow prev = new SegmentRow();
        prev.slug = "s";
        prev.name = "n";
        prev.status = "active";
        prev.parentId = "p";
        prev.grandparentId = "g";
        SegmentRow r = new SegmentRow();
        r.toastMask = SegmentRow.SLUG | SegmentRow.NAME | SegmentRow.STATUS | SegmentRow.PARENT_ID
                | SegmentRow.GRANDPARENT_ID;
        r.resolveToast(prev);
        assertThat(new String[] {r.slug, r.name, r.status, r.parentId, r.grandparentId})
                .containsExactly("s", "n", "active", "p", "g");

        SegmentRow statusOnly = new SegmentRow();
        statusOnly.name = "new";
        statusOnly.toastMask = SegmentRow.STATUS;
        statusOnly.resolveToast(prev);
        assertThat(statusOnly.status).isEqualTo("active");
        assertThat(statusOnly.name).isEqualTo("new");
        assertThat(statusOnly.slug).isEmpty();
    }

    @Test
    void repositoryColumnsIncludingANullDeletedAt() {
        RepositoryRow prev = new RepositoryRow();
        prev.url = "https://github.com/octo/hello";
        prev.segmentId = "seg";
        prev.enabled = false;
        prev.excluded = true;
        prev.deletedAt = 123L;
        RepositoryRow r = new RepositoryRow();
        r.toastMask = RepositoryRow.URL | RepositoryRow.SEGMENT_ID | RepositoryRow.ENABLED | RepositoryRow.EXCLUDED
                | RepositoryRow.DELETED_AT;
        r.resolveToast(prev);
        assertThat(r.url).isEqualTo(prev.url);
        assertThat(r.segmentId).isEqualTo("seg");
        assertThat(r.enabled).isFalse();
        assertThat(r.excluded).isTrue();
        assertThat(r.deletedAt).isEqualTo(123L);
        assertThat(r.usable()).isFalse();

        RepositoryRow notDeletedBefore = new RepositoryRow();
        notDeletedBefore.deletedAt = null;
        RepositoryRow toasted = new RepositoryRow();
        toasted.toastMask = RepositoryRow.DELETED_AT;
        toasted.resolveToast(notDeletedBefore);
        assertThat(toasted.deletedAt).isNull();
        assertThat(toasted.usable()).isTrue();
    }

    @Test
    void withoutAPreviousVersionOrWithAnotherTableTheMaskIsClearedAndDefaultsStay() {
        MemberRow m = new MemberRow();
        m.toastMask = MemberRow.DISPLAY_NAME;
        m.resolveToast(null);
        assertThat(m.toastMask).isZero();
        assertThat(m.displayName).isEmpty();

        OrganizationRow o = new OrganizationRow();
        o.toastMask = OrganizationRow.COUNTRY;
        SegmentRow wrongTable = new SegmentRow();
        wrongTable.name = "Germany";
        o.resolveToast(wrongTable);
        assertThat(o.toastMask).isZero();
        assertThat(o.country).isEmpty();

        RepositoryRow r = new RepositoryRow();
        r.toastMask = RepositoryRow.ENABLED;
        r.resolveToast(null);
        assertThat(r.enabled).isTrue();
    }

    @Test
    void eachRowKnowsItsTableAndSnapshot() {
        assertThat(new MemberRow().table()).isEqualTo(Table.MEMBERS);
        assertThat(new OrganizationRow().table()).isEqualTo(Table.ORGANIZATIONS);
        assertThat(new SegmentRow().table()).isEqualTo(Table.SEGMENTS);
        assertThat(new RepositoryRow().table()).isEqualTo(Table.REPOSITORIES);
        SegmentRow s = new SegmentRow();
        s.updatedAt = 1_714_558_531_654L;
        assertThat(s.snapshotId()).isEqualTo(SnapshotIds.snapshotIdOf(s.updatedAt));
    }

    @Test
    void tablesResolveByNameAndNameTheirDatasets() {
        assertThat(Table.byName("activityRelations")).isEqualTo(Table.ACTIVITY_RELATIONS);
        assertThat(Table.byName("MEMBERS")).isEqualTo(Table.MEMBERS);
        assertThat(Table.byName("users")).isNull();
        assertThat(Table.byName(null)).isNull();
        assertThat(Table.ACTIVITY_RELATIONS.mvDataset()).isEqualTo("activityRelations_enrich_snapshot_mv");
        assertThat(Table.REPOSITORIES.mvDataset()).isEqualTo("repositories_mv");
    }
}
