/** The Reactor Netty servers: proxy and admin. */
@NullMarked
package dev.spendgate.server;

import org.jspecify.annotations.NullMarked;
