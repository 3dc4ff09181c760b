package io.lambdasuite.udfs.model;

/** A version of a {@code members} row, reduced to the columns the suite uses. */
public class MemberRow extends DimensionRow {
    public static final int DISPLAY_NAME = 1;
    public static final int ATTRIBUTES = 1 << 1;

    public String displayName = "";
    /** attributes.isBot.default */
    public boolean isBot;
    /** attributes.isTeamMember.default */
    public boolean isTeamMember;
    /** attributes.isOrganization.default */
    public boolean isOrganization;

    public MemberRow() {}

    @Override
    public void resolveToast(DimensionRow previous) {
        int m = toastMask;
        toastMask = 0;
        if (m == 0 || !(previous instanceof MemberRow)) {
            return;
        }
        MemberRow p = (MemberRow) previous;
        if ((m & DISPLAY_NAME) != 0) displayName = p.displayName;
        if ((m & ATTRIBUTES) != 0) {
            isBot = p.isBot;
            isTeamMember = p.isTeamMember;
            isOrganization = p.isOrganization;
        }
    }

    @Override
    public Table table() {
        return Table.MEMBERS;
    }
}
