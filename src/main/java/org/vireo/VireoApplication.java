package org.vireo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class VireoApplication {
    public static void main(String[] args) {
        SpringApplication.run(VireoApplication.class, args);
    }
}
