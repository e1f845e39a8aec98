package dev.driverlab.web.api;

/** {@code POST /api/explore/jobs}: a job id for {@code POST /api/explore}, and the STOMP topic of its progress. */
public record ExploreJobResponse(String jobId, String topic) {}
