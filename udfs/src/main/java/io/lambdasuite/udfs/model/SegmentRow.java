package io.lambdasuite.udfs.model;

/** A version of a {@code segments} row, reduced to the columns the suite uses. */
public class SegmentRow extends DimensionRow {
    public static final int SLUG = 1;
    public static final int NAME = 1 << 1;
    public static final int STATUS = 1 << 2;
    public static final int PARENT_ID = 1 << 3;
    public static final int GRANDPARENT_ID = 1 << 4;

    public String slug = "";
    public String name = "";
    public String status = "";
    public String parentId = "";
    public String grandparentId = "";

    public SegmentRow() {}

    @Override
    public void resolveToast(DimensionRow previous) {
        int m = toastMask;
        toastMask = 0;
        if (m == 0 || !(previous instanceof SegmentRow)) {
            return;
        }
        SegmentRow p = (SegmentRow) previous;
        if ((m & SLUG) != 0) slug = p.slug;
        if ((m & NAME) != 0) name = p.name;
        if ((m & STATUS) != 0) status = p.status;
        if ((m & PARENT_ID) != 0) parentId = p.parentId;
        if ((m & GRANDPARENT_ID) != 0) grandparentId = p.grandparentId;
    }

    @Override
    public Table table() {
        return Table.SEGMENTS;
    }
}
