package org.guardian.orchestrator.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.ConsoleBrowser;
import org.guardian.orchestrator.testing.ConsoleData;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium, as viewer, operator and admin, on two nodes of one
 * database: node A is opened as localhost and node B as 127.0.0.1, so that each keeps its own
 * session cookie in the one browser.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsoleBrowserIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> NODE_A = node("console-a");
    static final DropwizardAppExtension<OrchestratorConfiguration> NODE_B = node("console-b");
    private static final String ROWS = "#schedules tr[data-schedule]";
    private static ConsoleBrowser browser;
    private static String firstTab;

    /** A node that reconciles every second, so that a schedule loaded in SQL is soon BLOCKED or not. */
    private static DropwizardAppExtension<OrchestratorConfiguration> node(String id) {
        TestDatabase db = TestDatabase.get();
        return ApiTestApp.node(id, db.jdbcUrl(), db.user(), db.password(), true,
                ConfigOverride.config("scheduler.reconcileIntervalSeconds", "1"));
    }

    @BeforeAll
    static void startTheBrowser() {
        browser = ConsoleBrowser.start();
        firstTab = browser.driver().getWindowHandle();
    }

    @AfterAll
    static void stopTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        ConsoleData.restoreDefaultSchedules();
    }

    @BeforeEach
    void defaultSchedulesWithHistoryInOneTab() throws Exception {
        ConsoleData.load();
        await().atMost(ConsoleBrowser.WAIT).until(() -> new ApiClient(NODE_A).get("viewer",
                "/api/schedules/console_blocked").readEntity(JsonNode.class).get("state").asText().equals("BLOCKED"));
        for (String tab : browser.driver().getWindowHandles()) {
            if (!tab.equals(firstTab)) {
                browser.driver().switchTo().window(tab).close();
            }
        }
        browser.driver().switchTo().window(firstTab);
        browser.driver().manage().window().setSize(new Dimension(1440, 1000));
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    private static String a() {
        return "http://localhost:" + NODE_A.getLocalPort();
    }

    private static String b() {
        return "http://127.0.0.1:" + NODE_B.getLocalPort();
    }

    @Test
    void aViewerSeesTheDefaultSchedulesAndIsOfferedNoAction() {
        browser.logIn(a(), "viewer");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.attributes(ROWS, "data-schedule").size() == 14);
        assertThat(browser.attributes(ROWS, "data-schedule")).contains("refresh_orphan_detection",
                "check_performance_alerts", "weekly_performance_benchmark", "console_blocked");
        assertThat(browser.text("tr[data-schedule='refresh_orphan_detection'] .state")).isEqualTo("NORMAL");
        assertThat(browser.text("tr[data-schedule='partition_maintenance'] .state")).isEqualTo("PAUSED");
        assertThat(browser.text("tr[data-schedule='console_blocked'] .state")).isEqualTo("BLOCKED");
        browser.open(a(), "#/schedules/refresh_orphan_detection");
        browser.waitFor("#runs tr[data-run]");
        assertThat(browser.present("#pause")).isFalse();
        assertThat(browser.present("#trigger")).isFalse();
        assertThat(browser.present("#edit-form")).isFalse();
    }

    @Test
    void aViewerForcingAnActionThroughTheApiIsRefused() {
        browser.logIn(a(), "viewer");
        assertThat(browser.fetchStatus("POST", "/api/schedules/console_sleep/pause")).isEqualTo(403);
        assertThat(browser.fetchStatus("POST", "/api/schedules/console_sleep/trigger")).isEqualTo(403);
        assertThat(new ApiClient(NODE_A).get("viewer", "/api/schedules/console_sleep").readEntity(JsonNode.class)
                .get("state").asText()).isEqualTo("NORMAL");
    }

    @Test
    void theStateFilterAndTheSearchNarrowTheList() {
        browser.logIn(a(), "viewer");
        browser.waitFor("tr[data-schedule='console_blocked']");
        new Select(browser.waitFor("#state-filter")).selectByValue("BLOCKED");
        assertThat(browser.attributes(ROWS, "data-schedule")).containsExactly("console_blocked");
        new Select(browser.waitFor("#state-filter")).selectByValue("");
        browser.waitFor("#search").sendKeys("refresh_");
        assertThat(browser.attributes(ROWS, "data-schedule"))
                .containsExactlyInAnyOrder("refresh_orphan_detection", "refresh_data_quality_metrics");
    }

    @Test
    void aPauseOnOneNodesConsoleIsSeenOnTheOtherNodesConsole() {
        String stateOnB = "tr[data-schedule='console_sleep'] .state";
        browser.driver().switchTo().newWindow(WindowType.TAB);
        String secondTab = browser.driver().getWindowHandle();
        browser.logIn(b(), "viewer");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text(stateOnB).equals("NORMAL"));
        browser.driver().switchTo().window(firstTab);
        browser.logIn(a(), "operator");
        browser.open(a(), "#/schedules/console_sleep");
        browser.click("#pause");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#schedule-head .state").equals("PAUSED"));
        browser.driver().switchTo().window(secondTab);
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text(stateOnB).equals("PAUSED"));
        browser.driver().switchTo().window(firstTab);
        browser.click("#resume");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#schedule-head .state").equals("NORMAL"));
        browser.driver().switchTo().window(secondTab);
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text(stateOnB).equals("NORMAL"));
    }

    @Test
    void anOperatorTriggersARunAndSeesItWithItsResult() {
        browser.logIn(a(), "operator");
        browser.open(a(), "#/schedules/console_sleep");
        browser.click("#trigger");
        browser.waitFor("#runs tr[data-status='SUCCESS']");
        browser.click("#runs tr[data-status='SUCCESS'] a");
        assertThat(browser.waitFor("#run-result-json").getText()).contains("\"slept_seconds\": 0.2");
        assertThat(browser.text("[data-fact='Trigger']")).isEqualTo("MANUAL");
        assertThat(browser.text("[data-fact='User']")).isEqualTo("operator");
        assertThat(browser.text("[data-fact='Status']")).isEqualTo("SUCCESS");
    }

    @Test
    void anAdminEditsACronWithItsPreviewAndSavesIt() {
        browser.logIn(a(), "admin");
        browser.open(a(), "#/schedules/console_sleep");
        WebElement cron = browser.waitFor("#edit-cron");
        await().atMost(ConsoleBrowser.WAIT).until(() -> "0 0 1 1 *".equals(cron.getAttribute("value")));
        retype(cron, "61 * * * *");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#edit-preview .preview-error")
                .startsWith("cron: invalid minute field"));
        assertThat(browser.waitFor("#edit-save").isEnabled()).isFalse();
        retype(cron, "15 3 * * 1-5");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#edit-preview .description").contains("03:15"));
        assertThat(browser.attributes("#edit-preview .next-fire-times li", "class")).hasSize(10);
        browser.click("#edit-save");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#facts").contains("15 3 * * 1-5"));
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#changes").contains("15 3 * * 1-5"));
        assertThat(browser.text("#changes")).contains("admin");
    }

    @Test
    void aStaleEditIsExplainedAndTheFormReloaded() {
        browser.logIn(a(), "admin");
        browser.open(a(), "#/schedules/console_sleep");
        WebElement cron = browser.waitFor("#edit-cron");
        await().atMost(ConsoleBrowser.WAIT).until(() -> "0 0 1 1 *".equals(cron.getAttribute("value")));
        assertThat(new ApiClient(NODE_B).put("admin", "/api/schedules/console_sleep", "{\"operation\": \"sleep\","
                + " \"cron\": \"0 6 * * *\", \"config\": {\"seconds\": 0.2}}", "1").getStatus()).isEqualTo(200);
        retype(cron, "0 7 * * *");
        browser.click("#edit-save");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#edit-message").contains("412"));
        assertThat(cron.getAttribute("value")).isEqualTo("0 6 * * *");
    }

    @Test
    void theGraphHighlightsTheScheduleThatDependsOnAMissingName() {
        browser.logIn(a(), "viewer");
        browser.open(a(), "#/graph");
        awaitGraph();
        assertThat(browser.script("return window.guardianGraph.getElementById('console_blocked').data('blocked')"))
                .isEqualTo(1L);
        assertThat(browser.script("return window.guardianGraph.getElementById('missing:no_such_schedule').length"))
                .isEqualTo(1L);
        assertThat(browser.text("#graph-problems li[data-schedule='console_blocked']")).contains("no_such_schedule");
        browser.script("window.guardianGraph.getElementById('console_blocked').emit('tap')");
        assertThat(browser.waitFor("#blocked-reason").getText()).contains("no_such_schedule");
    }

    @Test
    void screenshotsOfEveryPage() throws Exception {
        browser.logIn(a(), "admin");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.text("#counts").startsWith("14 of"));
        browser.screenshot("schedules");
        browser.open(a(), "#/schedules/refresh_data_quality_metrics");
        browser.waitFor("#chart canvas");
        browser.waitFor("#cron-preview .next-fire-times");
        browser.waitFor("#edit-preview .next-fire-times");
        browser.driver().manage().window().setSize(new Dimension(1440, 2300));
        browser.screenshot("schedule-detail");
        browser.driver().manage().window().setSize(new Dimension(1440, 1000));
        browser.open(a(), "#/runs");
        browser.waitFor("#runs tr[data-status='FAILED']");
        browser.screenshot("runs");
        browser.open(a(), browser.attributes("#runs tr[data-status='FAILED'] a", "href").get(0));
        browser.waitFor("#run-error pre");
        browser.screenshot("run-detail");
        browser.open(a(), "#/graph");
        awaitGraph();
        browser.screenshot("graph");
        browser.open(a(), "#/cluster");
        await().atMost(ConsoleBrowser.WAIT).until(() -> browser.attributes("#nodes tr", "data-node").size() >= 2);
        browser.screenshot("cluster");
    }

    private static void awaitGraph() {
        await().atMost(ConsoleBrowser.WAIT).until(() -> Boolean.TRUE.equals(browser.script(
                "return !!window.guardianGraph && window.guardianGraph.nodes().length > 0")));
    }

    private static void retype(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }
}
