// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A private PostgreSQL 15 cluster in a temporary folder, for integration tests that need a real server:
// scram passwords over TCP, optionally TLS, and stops/restarts at moments the test chooses. The test's own
// superuser access goes over the unix socket with trust, so inspecting the server never depends on the
// password or TLS paths under test.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace benchside::test {

class PgServer
{
public:
    enum class StopMode { Fast, Immediate };

    PgServer() : m_password(randomToken(24)) {}
    ~PgServer()
    {
        if (m_initialised)
            stop(StopMode::Immediate);
    }
    PgServer(const PgServer &) = delete;
    PgServer &operator=(const PgServer &) = delete;

    static QString binDir() { return "/usr/lib/postgresql/15/bin"; }

    // Tests QSKIP with *why: a missing server is a property of the machine, not a failure of the code.
    static bool available(QString *why = nullptr)
    {
        for (const char *tool : {"initdb", "pg_ctl", "postgres", "psql"})
            if (!QFileInfo(binDir() + '/' + tool).isExecutable())
                return fail(why, "PostgreSQL 15 is not installed (apt-get install postgresql-15): no " +
                                     binDir() + '/' + tool);
        // The server refuses to run as root, so as root it runs as the packaged `postgres` user.
        if (asRoot() && (!::getpwnam("postgres") || runuserPath().isEmpty()))
            return fail(why, "running as root, but the `postgres` user or runuser (util-linux) is missing");
        return true;
    }
    static bool tlsAvailable(QString *why = nullptr)
    {
        if (!available(why))
            return false;
        return opensslPath().isEmpty() ? fail(why, "the openssl command is not installed") : true;
    }

    // Takes effect at the next start() or restart(); certificates are made once per cluster.
    void enableTls(bool requireTls = false)
    {
        m_tls = true;
        m_requireTls = requireTls;
    }

    // Lines added to the server's configuration after the defaults below (a later setting wins), at the
    // next start() or restart(): the site benchmark's 50 stations need more connections and memory.
    void setExtraConfig(const QByteArray &conf) { m_extraConfig = conf; }
    // The postmaster's process id (its backends are its children), 0 when it is not running.
    qint64 postmasterPid() const
    {
        QFile f(dataDir() + "/postmaster.pid");
        return f.open(QIODevice::ReadOnly) ? f.readLine().trimmed().toLongLong() : 0;
    }

    // Creates the cluster and the database "benchside" on first call; later calls start a stopped server.
    bool start(QString *error = nullptr)
    {
        if (m_initialised)
            return isRunning() || launch(error);
        QString why;
        if (!available(&why))
            return fail(error, why);
        m_dir = std::make_unique<QTemporaryDir>(tempBase() + "/benchside-pg-XXXXXX");
        if (!m_dir->isValid())
            return fail(error, "cannot create a temporary folder: " + m_dir->errorString());
        // QTemporaryDir is 0700; the server (as `postgres` when we are root) must reach its files through it.
        ::chmod(QFile::encodeName(m_dir->path()).constData(), 0755);
        QDir(m_dir->path()).mkdir("run");
        const QString pwfile = path("pwfile");
        if (!writeFile(pwfile, m_password.toUtf8(), error))
            return false;
        own({m_dir->path()});
        // initdb's closing sync only protects against an OS crash, which a throwaway cluster never outlives.
        const Run init =
            run(binDir() + "/initdb",
                {"-D", dataDir(), "-U", adminUser(), "--auth-local=trust", "--auth-host=scram-sha-256",
                 "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions", "--no-sync"},
                true, 120'000);
        QFile::remove(pwfile);
        if (init.exit != 0)
            return fail(error, describe(init));
        QFile conf(dataDir() + "/postgresql.conf");
        if (!conf.open(QIODevice::Append) || conf.write("\ninclude 'benchside.conf'\n") < 0)
            return fail(error, "cannot extend postgresql.conf: " + conf.errorString());
        conf.close();
        m_initialised = true;
        for (int attempt = 1;; ++attempt) {
            m_port = freePort();
            if (m_port == 0)
                return fail(error, "cannot find a free TCP port on 127.0.0.1");
            if (launch(error))
                break;
            // Something else can take the port between our probe and the server's bind.
            if (attempt == 3 || !logText().contains(QLatin1String("Address already in use")))
                return false;
        }
        return createDatabase("benchside", error);
    }

    bool stop(StopMode mode = StopMode::Fast, QString *error = nullptr)
    {
        if (!m_initialised || !QFile::exists(dataDir() + "/postmaster.pid"))
            return true;
        return pgCtl({"-m", mode == StopMode::Fast ? "fast" : "immediate", "-w", "-t", "60", "stop"}, error);
    }

    // Same port and data, so proxies and connection strings made earlier still point at it.
    bool restart(QString *error = nullptr)
    {
        if (!m_initialised)
            return fail(error, "restart() before start()");
        return stop(StopMode::Fast, error) && launch(error);
    }

    bool isRunning() const { return m_initialised && pgCtl({"status"}); }

    QString adminUser() const { return "bsadmin"; }
    QString adminPassword() const { return m_password; }
    QString adminUrl(const QString &db = "benchside") const
    {
        return QStringLiteral("postgresql://%1:%2@%3:%4/%5")
            .arg(adminUser(), QString::fromLatin1(QUrl::toPercentEncoding(m_password)), host(),
                 QString::number(m_port), QString::fromLatin1(QUrl::toPercentEncoding(db)));
    }
    QString host() const { return "127.0.0.1"; }
    int port() const { return m_port; }
    QString socketDir() const { return path("run"); }
    QString dataDir() const { return path("data"); }
    QString caFile() const { return path("tls/ca.crt"); }
    QString otherCaFile() const { return path("tls/other-ca.crt"); }
    QString logText() const
    {
        QFile f(path("server.log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    bool createDatabase(const QString &name, QString *error = nullptr)
    {
        QString ident = name;
        ident.replace(QLatin1Char('"'), "\"\"");
        return psql("postgres", QStringLiteral("CREATE DATABASE \"%1\"").arg(ident), nullptr, error);
    }

    // Runs sql as the superuser; *output is psql's unaligned, tuples-only text without the final newline.
    bool psql(const QString &db, const QString &sql, QString *output = nullptr,
              QString *error = nullptr) const
    {
        if (!m_initialised)
            return fail(error, "psql() before start()");
        // Trust over the socket works for root too, so psql needs no runuser.
        const Run r = run(binDir() + "/psql",
                          {"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir(), "-p",
                           QString::number(m_port), "-U", adminUser(), "-d", db, "-f", "-"},
                          false, 60'000, sql.toUtf8());
        if (output) {
            *output = QString::fromUtf8(r.out);
            if (output->endsWith(QLatin1Char('\n')))
                output->chop(1);
        }
        return r.exit == 0 ? true : fail(error, describe(r));
    }

private:
    struct Run
    {
        QString command;
        int exit = -1; // -1: did not start, timed out or crashed
        QByteArray out;
        QByteArray err;
    };

    static bool fail(QString *error, const QString &text)
    {
        if (error)
            *error = text;
        return false;
    }
    static bool asRoot() { return ::geteuid() == 0; }
    static QString runuserPath()
    {
        return QStandardPaths::findExecutable("runuser", {"/usr/sbin", "/sbin", "/usr/bin", "/bin"});
    }
    static QString opensslPath() { return QStandardPaths::findExecutable("openssl"); }
    static QString randomToken(int length)
    {
        // Alphanumeric so the password needs no quoting in URLs, conninfo strings or pwfile.
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        QString s;
        for (int i = 0; i < length; ++i)
            s += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet) - 1)]);
        return s;
    }
    static QString tempBase()
    {
        // The socket path must fit in sun_path (107 bytes), and as root `postgres` must be able to walk down.
        const QString base = QDir::tempPath();
        if (base.size() > 60)
            return "/tmp";
        for (QFileInfo fi(base); asRoot(); fi = QFileInfo(fi.absolutePath())) {
            if (!(fi.permissions() & QFileDevice::ExeOther))
                return "/tmp";
            if (fi.isRoot())
                break;
        }
        return base;
    }
    static int freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }
    static bool writeFile(const QString &file, const QByteArray &data, QString *error)
    {
        QFile f(file);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size())
            return true;
        return fail(error, QStringLiteral("cannot write %1: %2").arg(file, f.errorString()));
    }

    QString path(const QString &name) const { return m_dir ? m_dir->filePath(name) : QString(); }

    // As root, hands files to `postgres`: the server insists on owning its key and its folders.
    void own(const QStringList &files) const
    {
        if (asRoot())
            run("/bin/chown", QStringList{"-R", "postgres:postgres"} + files, false, 30'000);
    }

    Run run(QString program, QStringList args, bool asServer, int timeoutMs,
            const QByteArray &input = {}) const
    {
        if (asServer && asRoot()) {
            args = QStringList{"-u", "postgres", "--", program} + args;
            program = runuserPath();
        }
        Run r;
        r.command = program + QLatin1Char(' ') + args.join(QLatin1Char(' '));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // A developer's PGHOST, PGSSLMODE, PGPASSWORD... must not redirect or change these commands.
        for (const QString &key : env.keys())
            if (key.startsWith(QLatin1String("PG")))
                env.remove(key);
        env.insert("LC_ALL", "C.UTF-8"); // messages we can match on
        QProcess p;
        p.setProcessEnvironment(env);
        if (m_dir)
            p.setWorkingDirectory(m_dir->path()); // `postgres` may not be allowed into the test's cwd
        p.start(program, args);
        if (!p.waitForStarted(10'000)) {
            r.err = p.errorString().toUtf8();
            return r;
        }
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished(5'000);
            r.err = "timed out after " + QByteArray::number(timeoutMs) + " ms\n" + p.readAllStandardError();
            return r;
        }
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return r;
    }

    QString describe(const Run &r) const
    {
        QString text = QStringLiteral("`%1` failed (exit %2):\n%3%4")
                           .arg(r.command, QString::number(r.exit), QString::fromUtf8(r.err),
                                QString::fromUtf8(r.out.right(2000)));
        const QString log = logText();
        if (!log.isEmpty())
            text += "\n--- server log ---\n" + log.right(4000);
        return text;
    }

    bool makeCerts(QString *error)
    {
        if (opensslPath().isEmpty())
            return fail(error, "enableTls(): the openssl command is not installed");
        const QString tls = path("tls");
        // Our own config, so the host's openssl.cnf cannot add or duplicate extensions.
        const QByteArray cnf = "[req]\ndistinguished_name = dn\n[dn]\n"
                               "[ca_ext]\nbasicConstraints = critical,CA:TRUE\n"
                               "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n"
                               "[server_ext]\nbasicConstraints = critical,CA:FALSE\n"
                               "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n"
                               "subjectAltName = DNS:localhost,IP:127.0.0.1\n"
                               "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n";
        if (!QDir().mkpath(tls) || !writeFile(tls + "/openssl.cnf", cnf, error))
            return false;
        const auto file = [&](const char *name) {
            return tls + '/' + name;
        };
        // EC keys: RSA key generation would dominate the start-up time. `req -CA` needs OpenSSL 3.
        const auto cert = [&](const char *name, const QString &cn, const char *ext,
                              const QStringList &signer) {
            return QString("req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7")
                       .split(' ') +
                   QStringList{"-config",     file("openssl.cnf"),
                               "-keyout",     file(name) + ".key",
                               "-out",        file(name) + ".crt",
                               "-subj",       "/CN=" + cn,
                               "-extensions", ext} +
                   signer;
        };
        for (const QStringList &args :
             {cert("ca", "Benchside Test CA", "ca_ext", {}),
              cert("other-ca", "Benchside Other Test CA", "ca_ext", {}),
              cert("server", "localhost", "server_ext", {"-CA", file("ca.crt"), "-CAkey", file("ca.key")})}) {
            const Run r = run(opensslPath(), args, false, 30'000);
            if (r.exit != 0)
                return fail(error, describe(r));
        }
        ::chmod(QFile::encodeName(file("server.key")).constData(), 0600); // the server refuses laxer keys
        for (const char *name : {"ca.crt", "other-ca.crt", "server.crt"})
            ::chmod(QFile::encodeName(file(name)).constData(), 0644);
        own({tls});
        return true;
    }

    // Rewritten before every start so enableTls() can be switched on between a stop and a start.
    bool writeConfig(QString *error)
    {
        if (m_tls && !QFile::exists(path("tls/server.crt")) && !makeCerts(error))
            return false;
        QByteArray conf =
            "listen_addresses = '127.0.0.1'\nport = " + QByteArray::number(m_port) +
            "\nunix_socket_directories = '" + socketDir().toUtf8() +
            "'\npassword_encryption = 'scram-sha-256'\nmax_connections = 50\nshared_buffers = '128MB'\n";
        // Durable by default: tests that crash the server must see what a real one would keep.
        if (qEnvironmentVariable("BENCHSIDE_PG_FAST") == QLatin1String("1"))
            conf += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
        conf += m_extraConfig + '\n';
        if (m_tls)
            conf += "ssl = on\nssl_cert_file = '" + path("tls/server.crt").toUtf8() + "'\nssl_key_file = '" +
                    path("tls/server.key").toUtf8() + "'\n";
        QByteArray hba = "local all all trust\n";
        if (m_tls)
            hba += "hostssl all all 127.0.0.1/32 scram-sha-256\n";
        if (m_tls && m_requireTls)
            hba += "hostnossl all all 127.0.0.1/32 reject\n";
        hba += "host all all 127.0.0.1/32 scram-sha-256\n";
        const QString confFile = dataDir() + "/benchside.conf";
        if (!writeFile(confFile, conf, error) || !writeFile(dataDir() + "/pg_hba.conf", hba, error))
            return false;
        own({confFile});
        return true;
    }

    bool pgCtl(const QStringList &args, QString *error = nullptr) const
    {
        const Run r = run(binDir() + "/pg_ctl", QStringList{"-D", dataDir()} + args, true, 90'000);
        return r.exit == 0 ? true : fail(error, describe(r));
    }

    bool launch(QString *error)
    {
        if (!writeConfig(error))
            return false;
        return pgCtl({"-l", path("server.log"), "-w", "-t", "60", "start"}, error);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_password;
    int m_port = 0;
    bool m_initialised = false;
    bool m_tls = false;
    bool m_requireTls = false;
    QByteArray m_extraConfig;
};

} // namespace benchside::test
