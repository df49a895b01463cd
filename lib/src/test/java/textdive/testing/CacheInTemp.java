package textdive.testing;

/**
 * Points the tokenized-corpus cache ({@code textdive.cache}) at a fresh empty folder for each test and
 * puts the setting back afterwards, so that a test neither reads a corpus someone else tokenized nor
 * leaves its own in the user's cache. {@code @ExtendWith(CacheInTemp.class)} on the class, or
 * {@code @RegisterExtension final CacheInTemp cache = new CacheInTemp();} to see the folder.
 */
public final class CacheInTemp extends FolderSettingInTemp {
    static final String SETTING = "textdive.cache";

    public CacheInTemp() {
        super(SETTING, "textdive-cache-");
    }
}
