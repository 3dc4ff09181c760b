package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.rules.CountryCodes;
import java.time.Duration;

/**
 * organizationName and organizationCountryCode (reference-schema.md §2). The country code is computed once
 * per organization version, not per fact.
 */
final class OrganizationJoin extends DimensionJoin<OrganizationRow> {
    private static final long serialVersionUID = 1L;

    OrganizationJoin(Duration wait) {
        super(OrganizationRow.class, Tags.ORGANIZATION_VERSIONS, wait);
    }

    @Override
    boolean noReference(ActivityRow fact) {
        return fact.organizationId.isEmpty();
    }

    @Override
    void prepare(OrganizationRow org) {
        withCountryCode(org);
    }

    /** Sets the derived country code the join keeps with each organization version in its state. */
    static OrganizationRow withCountryCode(OrganizationRow org) {
        org.countryCode = CountryCodes.codeOf(org.country, org.location);
        return org;
    }

    @Override
    void enrich(ActivityRow fact, OrganizationRow org) {
        if (org == null || org.isDeleted) {
            fact.organizationName = "";
            fact.organizationCountryCode = CountryCodes.UNKNOWN;
        } else {
            fact.organizationName = org.displayName;
            fact.organizationCountryCode = org.countryCode;
        }
    }
}
