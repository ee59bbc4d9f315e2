package org.vireo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class VireoApplication {
    public static void main(String[] args) {
        SpringApplication.run(VireoApplication.class, args);
    }
}
