package dev.driverlab.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's badges are computed once per build and scenario content, kept in the database, found there by a
 * restarted server of the same build, and computed again for an edited scenario or a new build.
 */
class CatalogBadgesTests {
    private final JsonMapper json = JsonMapper.builder().build();
    private final Scenario raced =
            ScenarioLibrary.builtIn().find("devm-irq-tasklet").orElseThrow();
    private final Scenario plain = ScenarioLibrary.builtIn().find("locks").orElseThrow();
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        DriverManagerDataSource db =
                new DriverManagerDataSource("jdbc:h2:mem:badges-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(db).load().migrate();
        jdbc = new JdbcTemplate(db);
    }

    private CatalogBadges server(String build, Scenario... scenarios) {
        return new CatalogBadges(
                jdbc, new ExploreJobs(2, System::currentTimeMillis), json, () -> List.of(scenarios), false, build);
    }

    private static CatalogBadges started(CatalogBadges badges) throws InterruptedException {
        badges.start();
        for (int i = 0; i < 1200 && !badges.done(); i++) Thread.sleep(100);
        assertThat(badges.done()).isTrue();
        return badges;
    }

    private int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM catalog_badge", Integer.class);
    }

    @Test
    void computedOnceStoredAndFoundAfterARestartOfTheSameBuild() throws Exception {
        CatalogBadges first = started(server("build-1", raced, plain));
        assertThat(first.computed()).isEqualTo(3); // two scripts, one declared search
        assertThat(rows()).isEqualTo(3);
        assertThat(first.reportsBug(raced)).hasValue(ScenarioLibrary.scriptReportsBug(raced));
        assertThat(first.reportsBug(plain)).hasValue(ScenarioLibrary.scriptReportsBug(plain));
        assertThat(first.race(plain)).isEmpty();
        String race = first.race(raced).orElseThrow();
        assertThat(json.readTree(race).get("verdict").asString()).isEqualTo("race-found");
        assertThat(first.raceNow(raced)).isSameAs(race); // asked again: not searched again
        assertThat(first.computed()).isEqualTo(3);

        CatalogBadges restarted = server("build-1", raced, plain);
        restarted.start(); // what the table holds is known as soon as start returns, before the background ends
        assertThat(restarted.race(raced)).hasValue(race);
        assertThat(restarted.reportsBug(plain)).isEqualTo(first.reportsBug(plain));
        started(restarted);
        assertThat(restarted.computed()).isZero();
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void anEditedScenarioOrANewBuildIsComputedAgain() throws Exception {
        started(server("build-1", raced, plain));
        Scenario edited = raced.toBuilder()
                .summary(raced.summary() + " (edited)")
                .explore(raced.search())
                .modules(null)
                .build();
        CatalogBadges afterEdit = started(server("build-1", edited, plain));
        assertThat(afterEdit.computed()).isEqualTo(2); // the edited scenario's script and search; not the other's
        assertThat(rows()).isEqualTo(3); // the old content's rows are replaced
        CatalogBadges newBuild = started(server("build-2", edited, plain));
        assertThat(newBuild.computed()).isEqualTo(3);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void theBuildCoversThePreludeAndTheApplicationsBuild() {
        String bare = CatalogBadges.build(null);
        assertThat(bare).hasSize(64).isEqualTo(CatalogBadges.build(null));
    }
}
