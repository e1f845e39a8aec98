/**
 * What every HTTP response gets, whoever answers it: security headers ({@link dev.driverlab.web.http.SecurityHeaders}),
 * problem+json for the requests Tomcat refuses before Spring sees them
 * ({@link dev.driverlab.web.http.ProblemErrorReportValve}), and links built from the configured public address,
 * never from a request's Host header ({@link dev.driverlab.web.http.PublicUrl}).
 */
package dev.driverlab.web.http;
