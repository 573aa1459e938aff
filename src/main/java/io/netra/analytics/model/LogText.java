package io.netra.analytics.model;

import java.util.regex.Pattern;

/** What a failure's message may show in a log line: its first line, short, without the credentials a URI carries. */
public final class LogText {

    private static final int MAX = 300;
    // greedy to the last '@' of the token: a password may hold '/' or '@'
    private static final Pattern CREDENTIALS_IN_URI = Pattern.compile("://\\S*@");

    private LogText() {
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = CREDENTIALS_IN_URI.matcher(newline < 0 ? message : message.substring(0, newline)).replaceAll("://***@");
        return line.length() > MAX ? line.substring(0, MAX) + "..." : line;
    }
}
