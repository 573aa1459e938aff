package io.netra.analytics.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aLoggedFailureShowsItsFirstLineShortAndNoCredentials() {
        assertEquals("Failed to connect to rediss://***@redis:6380", LogText.firstLine("Failed to connect to rediss://netra:s3cret@redis:6380\nat ..."));
        // a password with '/' or '@' in it is hidden whole
        assertEquals("rediss://***@h:6380 and redis://***@k", LogText.firstLine("rediss://u:pa/ss@h:6380 and redis://u:p@ss@k"));
        assertEquals("Connection refused: localhost/127.0.0.1:6379", LogText.firstLine("Connection refused: localhost/127.0.0.1:6379"));
        assertEquals(303, LogText.firstLine("x".repeat(400)).length());
        assertEquals("", LogText.firstLine(null));
    }
}
