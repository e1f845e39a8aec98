package dev.driverlab;

import dev.driverlab.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * One jar, two faces: {@code java -jar driverlab.jar run FILE} is the headless runner (no Spring context, so it
 * starts fast); with no arguments, or only Spring's {@code --name=value} properties, it starts the lab's web server.
 * Anything else goes to the runner, which prints its usage for what it does not know. The server compiles (or loads)
 * the kernel prelude and reads its API in the background once it is ready (web/page/FirstVisitWarmUp), so the first
 * session does not pay for it.
 *
 * <p>A faster start (README "Performance"): Spring scans only the packages that use it, for components, repositories
 * and mapped tables alike (the simulator's packages never import Spring; a new package with Spring components must be
 * added to all three lists), and leaves out the auto-configurations the server does not use: no
 * {@code @Transactional} or aspect anywhere (so no auto-proxying of every bean; the repositories' own transactions
 * need only the transaction manager), no Spring Data paging or web binding, no multipart uploads.
 */
@SpringBootApplication(
        scanBasePackages = {"dev.driverlab.session", "dev.driverlab.share", "dev.driverlab.room", "dev.driverlab.web"},
        excludeName = {
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration",
            "org.springdoc.core.configuration.SpringDocPageableConfiguration",
            "org.springdoc.core.configuration.SpringDocSortConfiguration",
            "org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration",
        })
@EnableJdbcRepositories(
        basePackages = {"dev.driverlab.session", "dev.driverlab.share", "dev.driverlab.room", "dev.driverlab.web"})
@EntityScan(basePackages = {"dev.driverlab.session", "dev.driverlab.share", "dev.driverlab.room", "dev.driverlab.web"})
public class DriverLab {
    /**
     * {@code -Ddriverlab.startup-steps=true}: Spring records the steps of the start (each bean's creation, each
     * configuration class parsed, with durations) for {@code /actuator/startup} (README "Performance").
     */
    static final String STARTUP_STEPS = "driverlab.startup-steps";

    public static void main(String[] args) {
        if (!Cli.startsServer(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication app = new SpringApplication(DriverLab.class);
        if (Boolean.getBoolean(STARTUP_STEPS)) app.setApplicationStartup(new BufferingApplicationStartup(20_000));
        app.run(args);
    }
}
