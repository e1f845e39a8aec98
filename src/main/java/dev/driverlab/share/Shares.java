package dev.driverlab.share;

import org.springframework.data.repository.ListCrudRepository;

/** Stored share links (Spring Data JDBC). */
interface Shares extends ListCrudRepository<Share, String> {}
