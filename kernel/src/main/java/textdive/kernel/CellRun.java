package textdive.kernel;

import com.google.gson.JsonObject;

/**
 * One executed cell of a headless run.
 *
 * @param index 1-based position of the cell in the notebook (markdown cells count)
 * @param cell the cell, with its new outputs and execution count
 * @param result how the cell ended
 * @param seconds wall-clock time of the cell
 */
public record CellRun(int index, JsonObject cell, CellResult result, double seconds) {}
