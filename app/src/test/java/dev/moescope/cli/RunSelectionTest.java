package dev.moescope.cli;

import dev.moescope.routing.store.RoutingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --db/--run resolution of the analysis commands: errors name the database file, readers never create one. */
class RunSelectionTest {

    @TempDir
    Path dir;

    private static RunSelection selection(Path db, Long run) {
        RunSelection s = new RunSelection();
        s.database = new DatabaseOption();
        s.database.db = db;
        s.runs = run == null ? null : List.of(run);
        return s;
    }

    /** A database with the current schema and no collection run. */
    private Path emptyDatabase() {
        Path db = dir.resolve("empty.db");
        RoutingStore.open(db).close();
        return db;
    }

    @Test
    void latestRunOfAnEmptyDatabaseIsAnErrorNamingTheFile() {
        Path db = emptyDatabase();
        RuntimeException e = assertThrows(IllegalArgumentException.class, () -> selection(db, null).open());
        assertEquals(db.toAbsolutePath() + ": holds no collection run yet; run `moescope collect` first", e.getMessage());
    }

    @Test
    void unknownRunIdIsAnErrorNamingTheFileAndTheId() {
        Path db = emptyDatabase();
        RuntimeException e = assertThrows(RuntimeException.class, () -> selection(db, 9L).readStats());
        assertEquals(db.toAbsolutePath() + ": no run with id 9", e.getMessage());
    }

    @Test
    void missingDatabaseIsNotCreatedAndTheMessageSaysHowToMakeOne() {
        Path absent = dir.resolve("absent.db");
        RuntimeException e = assertThrows(IllegalArgumentException.class, () -> selection(absent, null).openStore());
        assertEquals(absent + ": no routing database here; run `moescope collect --db " + absent + "` first", e.getMessage());
        assertFalse(Files.exists(absent));
    }

    @Test
    void withoutDbTheDefaultLocationIsUsed() {
        assertEquals(RoutingStore.defaultPath(), new DatabaseOption().file());
    }

    @Test
    void commandsPrintTheErrorOnOneLineAndExitOne() {
        Path db = emptyDatabase();
        for (String command : new String[] {"stats", "classify", "profile", "similarity", "export"}) {
            String err = stderrOf(() -> assertEquals(1, MoescopeCommand.run(command, "--db", db.toString(), "--run", "3")));
            assertEquals("error: " + db.toAbsolutePath() + ": no run with id 3", err.strip(), command);
        }
        String err = stderrOf(() -> assertEquals(1, MoescopeCommand.run("steer-plan", "--db", db.toString(),
                "--target", "en", "--out", dir.resolve("plan.json").toString())));
        assertTrue(err.startsWith("error: " + db.toAbsolutePath() + ": holds no collection run yet"), err);
        assertFalse(Files.exists(dir.resolve("plan.json")), "nothing written on error");
    }

    /** What {@code action} printed to System.err (the CLI prints its `error: ...` line there). */
    static String stderrOf(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
