package dev.driverlab;

import dev.driverlab.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One jar, two faces: {@code java -jar driverlab.jar run FILE} is the headless runner (no Spring context, so it
 * starts fast); with no arguments, or only Spring's {@code --name=value} properties, it starts the lab's web server.
 * Anything else goes to the runner, which prints its usage for what it does not know. The server compiles (or loads)
 * the kernel prelude and reads its API in the background once it is ready (web/page/FirstVisitWarmUp), so the first
 * session does not pay for it.
 */
@SpringBootApplication
public class DriverLab {

    public static void main(String[] args) {
        if (!Cli.startsServer(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(DriverLab.class, args);
    }
}
