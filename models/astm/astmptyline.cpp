// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmptyline.h"

#include <QSocketNotifier>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace benchside {

AstmPtyLine::AstmPtyLine()
{
    m_master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    char name[128];
    if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0 ||
        ::ptsname_r(m_master, name, sizeof name) != 0) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        closeFds();
        return;
    }
    m_slavePath = QString::fromLocal8Bit(name);
    // Held open so that the master never reads EIO (and its notifier never spins) while the port on
    // the other side is closed, and raw from the start so that nothing written early is echoed.
    m_slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m_slave >= 0) {
        termios t;
        if (::tcgetattr(m_slave, &t) == 0) {
            ::cfmakeraw(&t);
            ::tcsetattr(m_slave, TCSANOW, &t);
        }
    }
}

AstmPtyLine::~AstmPtyLine()
{
    close();
    closeFds();
}

bool AstmPtyLine::open(OpenMode mode)
{
    if (m_master < 0)
        return false;
    m_notifier = new QSocketNotifier(m_master, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QIODevice::readyRead);
    return QIODevice::open(mode | QIODevice::Unbuffered);
}

void AstmPtyLine::close()
{
    if (!isOpen())
        return;
    QIODevice::close();
    delete m_notifier;
    m_notifier = nullptr;
    closeFds();
}

qint64 AstmPtyLine::bytesAvailable() const
{
    int n = 0;
    if (m_master >= 0)
        ::ioctl(m_master, FIONREAD, &n);
    return n + QIODevice::bytesAvailable();
}

qint64 AstmPtyLine::readData(char *data, qint64 maxSize)
{
    const ssize_t n = ::read(m_master, data, size_t(maxSize));
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -1;
    return n;
}

qint64 AstmPtyLine::writeData(const char *data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::write(m_master, data + done, size_t(size - done));
        if (n > 0) {
            done += n;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd p{m_master, POLLOUT, 0};
            ::poll(&p, 1, 1000);
        } else {
            return -1;
        }
    }
    return done;
}

void AstmPtyLine::closeFds()
{
    if (m_master >= 0)
        ::close(m_master);
    if (m_slave >= 0)
        ::close(m_slave);
    m_master = m_slave = -1;
}

} // namespace benchside
