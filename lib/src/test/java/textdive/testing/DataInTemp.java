package textdive.testing;

/**
 * Points the data folder ({@code textdive.data}: extracted datasets and the model cache) at a fresh empty folder for
 * each test and puts the setting back afterwards, so that a test that trains and caches a model neither finds the
 * user's nor replaces it. The datasets come from the offline mirror ({@link MirrorAssumptions}).
 */
public final class DataInTemp extends FolderSettingInTemp {
    static final String SETTING = "textdive.data";

    public DataInTemp() {
        super(SETTING, "textdive-data-");
    }
}
