package io.lambdasuite.udfs.model;

/** A version of an {@code organizations} row, reduced to the columns the suite uses. */
public class OrganizationRow extends DimensionRow {
    public static final int DISPLAY_NAME = 1;
    public static final int COUNTRY = 1 << 1;
    public static final int LOCATION = 1 << 2;

    public String displayName = "";
    public String country = "";
    public String location = "";
    /** Derived by the join from country/location (not a source column); 'XX' until computed. */
    public String countryCode = "XX";

    public OrganizationRow() {}

    @Override
    public void resolveToast(DimensionRow previous) {
        int m = toastMask;
        toastMask = 0;
        if (m == 0 || !(previous instanceof OrganizationRow)) {
            return;
        }
        OrganizationRow p = (OrganizationRow) previous;
        if ((m & DISPLAY_NAME) != 0) displayName = p.displayName;
        if ((m & COUNTRY) != 0) country = p.country;
        if ((m & LOCATION) != 0) location = p.location;
    }

    @Override
    public Table table() {
        return Table.ORGANIZATIONS;
    }
}
