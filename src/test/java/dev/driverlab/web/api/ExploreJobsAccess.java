package dev.driverlab.web.api;

/** Builds an {@link ExploreJobs} for tests in other packages (its constructors are the container's). */
public final class ExploreJobsAccess {
    private ExploreJobsAccess() {}

    public static ExploreJobs create() {
        return new ExploreJobs(2, System::currentTimeMillis);
    }
}
