// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A loopback TCP forwarder that lets a test cut, refuse or stall a client's connections to a server at
// chosen moments. It runs on its own thread with plain sockets and poll(): the code under test makes
// blocking Qt SQL calls on the test's thread, where no event loop would ever run a Qt-based proxy.

#include <QString>
#include <QtGlobal>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace benchside::test {

class TcpProxy
{
public:
    explicit TcpProxy(quint16 upstreamPort) : m_upstreamPort(upstreamPort) {}
    ~TcpProxy() { stop(); }
    TcpProxy(const TcpProxy &) = delete;
    TcpProxy &operator=(const TcpProxy &) = delete;

    bool start(QString *error = nullptr)
    {
        if (m_thread.joinable())
            return true;
        sockaddr_in addr = loopback(0);
        socklen_t len = sizeof addr;
        const int one = 1;
        m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        m_wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (m_listen < 0 || m_wake < 0 ||
            ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
            ::bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
            ::listen(m_listen, 64) != 0 ||
            ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
            if (error)
                *error = QStringLiteral("TcpProxy: ") + QString::fromLocal8Bit(std::strerror(errno));
            closeFds();
            return false;
        }
        m_port = ntohs(addr.sin_port);
        m_stop = false;
        m_thread = std::thread([this] { run(); });
        return true;
    }

    void stop()
    {
        if (m_thread.joinable()) {
            m_stop = true;
            wake();
            m_thread.join();
        }
        closeFds();
    }

    quint16 port() const { return m_port; }
    quint16 upstreamPort() const { return m_upstreamPort; }

    // Exactly n more bytes (both directions, all connections) get through, then every connection is cut.
    void cutAfterBytes(qint64 n)
    {
        if (n <= 0)
            cutNow();
        else
            m_cutAt = m_forwarded + n;
    }
    void disarm() { m_cutAt = -1; }

    // Returns once the connections are gone, so the test's next call cannot slip through before the cut.
    void cutNow()
    {
        std::unique_lock lock(m_mutex);
        const quint64 ticket = ++m_cutsRequested;
        if (!m_thread.joinable())
            return;
        wake();
        m_cutsServed.wait_for(lock, std::chrono::seconds(5), [&] { return m_cutsDone >= ticket; });
    }

    // Reset (RST) looks like a dead peer or a middlebox; false closes with FIN, like a server going away.
    void setResetOnCut(bool reset) { m_resetOnCut = reset; }
    // New connections are accepted and closed at once: the server looks unreachable.
    void setRefusing(bool refusing) { m_refusing = refusing; }
    // Nothing moves in either direction, on old or new connections: a hanging network. Data waits, not lost.
    void setBlackhole(bool blackhole)
    {
        m_blackhole = blackhole;
        wake();
    }

    qint64 bytesForwarded() const { return m_forwarded; }
    int connectionsCut() const { return m_connectionsCut; }
    int connectionsAccepted() const { return m_accepted; }
    int connectionsRefused() const { return m_refused; }
    int openConnections() const { return m_open; }

private:
    struct Conn
    {
        int fd[2] = {-1, -1};          // 0: client, 1: upstream
        std::string pending[2];        // read from fd[i], not yet written to fd[1 - i]
        bool eof[2] = {false, false};  // fd[i] will send nothing more
        bool shut[2] = {false, false}; // that end has been passed on to fd[1 - i]
        bool alive = true;
    };

    static sockaddr_in loopback(quint16 port)
    {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return a;
    }
    static void closeFd(int &fd)
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    void closeFds()
    {
        closeFd(m_listen);
        closeFd(m_wake);
    }
    void wake()
    {
        const std::uint64_t one = 1;
        if (m_wake >= 0) {
            [[maybe_unused]] const auto ignored = ::write(m_wake, &one, sizeof one);
        }
    }
    static void closeConn(Conn &c, bool reset)
    {
        for (int &fd : c.fd) {
            if (reset) {
                const linger hard{1, 0};
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            } else {
                ::shutdown(fd, SHUT_RDWR);
            }
            closeFd(fd);
        }
    }
    void cutAll(std::vector<std::unique_ptr<Conn>> &conns)
    {
        // Counted first: a client woken by the close may ask for the count at once.
        m_connectionsCut += int(conns.size());
        for (auto &c : conns)
            closeConn(*c, m_resetOnCut);
        conns.clear();
        m_open = 0;
    }
    // -1: no budget armed.
    qint64 budgetLeft() const
    {
        const qint64 at = m_cutAt;
        return at < 0 ? -1 : std::max<qint64>(0, at - m_forwarded);
    }

    int connectUpstream() const
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const sockaddr_in addr = loopback(m_upstreamPort);
        if (fd < 0)
            return -1;
        int err = ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0 ? 0 : errno;
        if (err == EINPROGRESS) {
            // Bounded, so a full listen backlog upstream cannot freeze the proxy thread.
            pollfd p{fd, POLLOUT, 0};
            socklen_t len = sizeof err;
            if (::poll(&p, 1, 2000) != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
                err = ETIMEDOUT;
        }
        if (err != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    void acceptAll(std::vector<std::unique_ptr<Conn>> &conns)
    {
        for (;;) {
            const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (client < 0)
                return;
            ++m_accepted;
            if (m_refusing) {
                ++m_refused;
                ::close(client);
                continue;
            }
            // An unreachable upstream looks the same to the client as a refusing proxy.
            const int upstream = connectUpstream();
            if (upstream < 0) {
                ::close(client);
                continue;
            }
            // Without this, Nagle plus delayed ACKs add 40 ms stalls to every small protocol message.
            const int one = 1;
            for (int fd : {client, upstream})
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto c = std::make_unique<Conn>();
            c->fd[0] = client;
            c->fd[1] = upstream;
            conns.push_back(std::move(c));
        }
    }

    void receive(Conn &c, int side)
    {
        char buf[65536];
        const qint64 left = budgetLeft();
        // Never take in more than the budget lets out, so a cut lands on an exact byte.
        const size_t want = left < 0 ? sizeof buf : std::min<size_t>(sizeof buf, size_t(left));
        if (want == 0)
            return;
        const ssize_t n = ::recv(c.fd[side], buf, want, 0);
        if (n > 0)
            c.pending[side].append(buf, size_t(n));
        else if (n == 0)
            c.eof[side] = true;
        else if (errno != EAGAIN && errno != EINTR)
            c.alive = false;
    }

    void flush(Conn &c, int side)
    {
        std::string &data = c.pending[side];
        const qint64 left = budgetLeft();
        const size_t want = left < 0 ? data.size() : std::min<size_t>(data.size(), size_t(left));
        if (want > 0) {
            const ssize_t n = ::send(c.fd[1 - side], data.data(), want, MSG_NOSIGNAL);
            if (n > 0) {
                data.erase(0, size_t(n));
                m_forwarded += n;
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                c.alive = false;
            }
        }
        if (data.empty() && c.eof[side] && !c.shut[side]) {
            ::shutdown(c.fd[1 - side], SHUT_WR);
            c.shut[side] = true;
        }
    }

    void serveCutRequests(std::vector<std::unique_ptr<Conn>> &conns)
    {
        std::lock_guard lock(m_mutex);
        if (m_cutsDone < m_cutsRequested) {
            cutAll(conns);
            m_cutsDone = m_cutsRequested;
            m_cutsServed.notify_all();
        }
    }

    void run()
    {
        std::vector<std::unique_ptr<Conn>> conns;
        std::vector<pollfd> fds;
        while (!m_stop) {
            serveCutRequests(conns);
            if (qint64 at = m_cutAt; at >= 0 && m_forwarded >= at) {
                cutAll(conns);
                m_cutAt.compare_exchange_strong(at, -1); // unless the test has armed a new budget meanwhile
            }
            m_open = int(conns.size());
            const bool stalled = m_blackhole;
            fds.assign({{m_wake, POLLIN, 0}, {m_listen, POLLIN, 0}});
            for (const auto &c : conns) {
                for (int i = 0; i < 2; ++i) {
                    short events = 0;
                    if (!stalled && !c->eof[i] && c->pending[i].empty())
                        events |= POLLIN;
                    if (!stalled && !c->pending[1 - i].empty())
                        events |= POLLOUT;
                    // poll() skips negative fds, so a stalled or drained socket cannot spin on POLLHUP.
                    fds.push_back({events ? c->fd[i] : -1, events, 0});
                }
            }
            if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR)
                break;
            if (fds[0].revents & POLLIN) {
                std::uint64_t count;
                [[maybe_unused]] const auto ignored = ::read(m_wake, &count, sizeof count);
            }
            const size_t polled = conns.size(); // accepting below only appends
            if (fds[1].revents & POLLIN)
                acceptAll(conns);
            for (size_t k = 0; k < polled && !stalled; ++k) {
                Conn &c = *conns[k];
                for (int i = 0; i < 2 && c.alive; ++i) {
                    const short revents = fds[2 + 2 * k + size_t(i)].revents;
                    if (revents & (POLLERR | POLLNVAL))
                        c.alive = false;
                    else if (revents & (POLLIN | POLLHUP))
                        receive(c, i);
                }
                for (int i = 0; i < 2 && c.alive; ++i)
                    flush(c, i);
            }
            // Dead peers are mirrored with a reset; finished conversations close normally.
            for (auto it = conns.begin(); it != conns.end();) {
                const bool finished = (*it)->shut[0] && (*it)->shut[1];
                if ((*it)->alive && !finished) {
                    ++it;
                    continue;
                }
                closeConn(**it, !finished);
                it = conns.erase(it);
            }
        }
        for (auto &c : conns)
            closeConn(*c, true);
        m_open = 0;
    }

    const quint16 m_upstreamPort;
    quint16 m_port = 0;
    int m_listen = -1;
    int m_wake = -1;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_refusing{false};
    std::atomic<bool> m_blackhole{false};
    std::atomic<bool> m_resetOnCut{true};
    std::atomic<qint64> m_cutAt{-1};
    std::atomic<qint64> m_forwarded{0};
    std::atomic<int> m_connectionsCut{0};
    std::atomic<int> m_accepted{0};
    std::atomic<int> m_refused{0};
    std::atomic<int> m_open{0};
    std::mutex m_mutex;
    std::condition_variable m_cutsServed;
    quint64 m_cutsRequested = 0;
    quint64 m_cutsDone = 0;
};

} // namespace benchside::test
