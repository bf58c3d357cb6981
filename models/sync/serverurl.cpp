// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/serverurl.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace benchside {

namespace {
// libpq's conninfo quoting: the QPSQL driver joins the options with spaces, so a path with a space in
// it must be quoted.
QString quoted(QString value)
{
    value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}

const QStringList &sslModes()
{
    static const QStringList modes{QStringLiteral("disable"),   QStringLiteral("allow"),
                                   QStringLiteral("prefer"),    QStringLiteral("require"),
                                   QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return modes;
}
} // namespace

Result<ServerUrl> ServerUrl::parse(const QString &text)
{
    using R = Result<ServerUrl>;
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        return R::failure(tr("\"%1\" is not a server URL. Give one like "
                             "postgresql://station@server.example:5432/benchside?sslmode=verify-full.")
                              .arg(text));
    ServerUrl s;
    s.host = url.host();
    if (s.host.isEmpty())
        return R::failure(
            tr("The server URL names no host. Give one like postgresql://station@HOST/benchside."));
    s.port = url.port(5432);
    s.database = url.path().mid(1);
    if (s.database.isEmpty() || s.database.contains(QLatin1Char('/')))
        return R::failure(tr("The server URL names no database. Add it after the host: "
                             "postgresql://station@%1/benchside.")
                              .arg(s.host));
    s.user = url.userName(QUrl::FullyDecoded);
    s.password = url.password(QUrl::FullyDecoded);
    if (s.user.isEmpty())
        return R::failure(tr("The server URL names no user. Put the station's role before the host: "
                             "postgresql://ROLE@%1/%2.")
                              .arg(s.host, s.database));

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            if (!sslModes().contains(value))
                return R::failure(tr("sslmode \"%1\" is not known; use one of %2.")
                                      .arg(value, sslModes().join(QStringLiteral(", "))));
            s.sslMode = value;
        } else if (key == QLatin1String("sslrootcert")) {
            s.sslRootCert = value;
        } else if (key == QLatin1String("sslcert")) {
            s.sslCert = value;
        } else if (key == QLatin1String("sslkey")) {
            s.sslKey = value;
        } else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            s.connectTimeoutS = value.toInt(&ok);
            if (!ok || s.connectTimeoutS < 1 || s.connectTimeoutS > 300)
                return R::failure(tr("connect_timeout must be 1 to 300 seconds, not \"%1\".").arg(value));
        } else {
            return R::failure(tr("The server URL option \"%1\" is not supported; use sslmode, sslrootcert, "
                                 "sslcert, sslkey or connect_timeout.")
                                  .arg(key));
        }
    }
    if ((s.sslMode == QLatin1String("verify-ca") || s.sslMode == QLatin1String("verify-full")) &&
        s.sslRootCert.isEmpty())
        return R::failure(tr("sslmode=%1 checks the server's certificate against a CA certificate: give "
                             "the CA's file (sslrootcert=/path/to/ca.crt in a URL).")
                              .arg(s.sslMode));
    return s;
}

QString ServerUrl::toString(bool withPassword) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + database);
    url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(withPassword ? password : QStringLiteral("***"));
    QUrlQuery query;
    if (!sslMode.isEmpty())
        query.addQueryItem(QStringLiteral("sslmode"), sslMode);
    if (!sslRootCert.isEmpty())
        query.addQueryItem(QStringLiteral("sslrootcert"), sslRootCert);
    if (!sslCert.isEmpty())
        query.addQueryItem(QStringLiteral("sslcert"), sslCert);
    if (!sslKey.isEmpty())
        query.addQueryItem(QStringLiteral("sslkey"), sslKey);
    if (connectTimeoutS != 5)
        query.addQueryItem(QStringLiteral("connect_timeout"), QString::number(connectTimeoutS));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString ServerUrl::connectOptions() const
{
    // Keepalives and a TCP user timeout end a round on a network that silently stopped answering
    // (a cable pulled mid-push) within about 30 s, instead of leaving the sync hanging for hours.
    QStringList options{QStringLiteral("connect_timeout=%1").arg(connectTimeoutS),
                        QStringLiteral("application_name=benchside"), QStringLiteral("keepalives=1"),
                        QStringLiteral("keepalives_idle=10"), QStringLiteral("keepalives_interval=5"),
                        QStringLiteral("keepalives_count=3"), QStringLiteral("tcp_user_timeout=30000"),
                        // A station's statements are small; JIT compiling them (the planner's row
                        // estimates for a pull can pass jit_above_cost) took 30 ms of a 31 ms pull.
                        QStringLiteral("options=") + quoted(QStringLiteral("-c jit=off"))};
    if (!sslMode.isEmpty())
        options << QStringLiteral("sslmode=") + sslMode;
    if (!sslRootCert.isEmpty())
        options << QStringLiteral("sslrootcert=") + quoted(sslRootCert);
    if (!sslCert.isEmpty())
        options << QStringLiteral("sslcert=") + quoted(sslCert);
    if (!sslKey.isEmpty())
        options << QStringLiteral("sslkey=") + quoted(sslKey);
    return options.join(QLatin1Char(';'));
}

} // namespace benchside
