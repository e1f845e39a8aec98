package dev.driverlab.room;

import org.springframework.data.repository.ListCrudRepository;

/** Stored rooms (Spring Data JDBC). */
interface Rooms extends ListCrudRepository<Room, String> {}
