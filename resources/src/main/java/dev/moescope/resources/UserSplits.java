package dev.moescope.resources;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The split of a user-corpus segment without an article number: held out when the CRC-32 of
 * its segment id is divisible by 5 (about 20 %). It depends only on the id, so the translations
 * of one segment (same id in every language) always land in the same split.
 */
final class UserSplits {

    private UserSplits() {
    }

    static Segment.Split forId(String segmentId) {
        CRC32 crc = new CRC32();
        crc.update(segmentId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 5 == 0 ? Segment.Split.HELDOUT : Segment.Split.TRAIN;
    }
}
