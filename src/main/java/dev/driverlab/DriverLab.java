package dev.driverlab;

import dev.driverlab.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One jar, two faces: {@code java -jar driverlab.jar run FILE} is the headless runner (no Spring context, so it
 * starts fast); with no arguments it starts the lab's web server.
 */
@SpringBootApplication
public class DriverLab {

    public static void main(String[] args) {
        if (args.length > 0 && Cli.handles(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(DriverLab.class, args);
    }
}
