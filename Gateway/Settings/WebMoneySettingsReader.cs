// Over ~250 lines on purpose: one parser of one file (SPEC §9); each key's rule sits beside its error text, which a split would part.
using System.Globalization;
using static Gateway.Settings.SettingsKeys;

namespace Gateway.Settings;

/// <summary>
/// Turns WebMoneySettings.txt into <see cref="WebMoneySettings"/> (SPEC §9): forgiving where the intent is
/// clear, and saying what it did; strict elsewhere, every error naming the file, the line and the fix.
/// </summary>
public static class WebMoneySettingsReader
{
    public const string FileName = "WebMoneySettings.txt";

    public const int DefaultTimeoutSeconds = 180;
    public const int RecommendedMinTimeoutSeconds = 120;
    public const int MaxTimeoutSeconds = 3600;
    public const int DefaultMaxStatusErrors = 3;
    public const int MaxMaxStatusErrors = 100;

    private static readonly string[] ReservedNames =
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    public static SettingsReadResult<WebMoneySettings> Read(SettingsDocument document) => Read(document, inherited: null);

    /// <summary>
    /// A till's file (SPEC §15): the keys it gives override <paramref name="inherited"/> (the store's file), the rest
    /// come from there. Each finding names the file its line is in; a key missing in both is the till's file's.
    /// </summary>
    public static SettingsReadResult<WebMoneySettings> Read(SettingsDocument document, SettingsDocument? inherited)
    {
        var context = new Context(document);
        if (inherited is not null)
        {
            context.Inherit(inherited);
        }
        context.CollectKeys();
        var settings = context.Build();
        return new SettingsReadResult<WebMoneySettings>(context.Errors.Count == 0 ? settings : null, context.Errors, context.Warnings);
    }

    /// <summary>A file name that is safe on every system: letters, digits, '-', '_', '.', not a device name.</summary>
    public static bool IsSafeFileName(string name) =>
        name.Length is > 0 and <= 64
        && char.IsLetterOrDigit(name[0])
        && name[^1] != '.'
        && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
        && !ReservedNames.Contains(name.Split('.')[0], StringComparer.OrdinalIgnoreCase);

    private sealed class Context(SettingsDocument document)
    {
        private readonly Dictionary<string, SettingsLine> _lines = new(StringComparer.Ordinal);
        // Keys whose line is in the inherited (store's) file, with that file's name.
        private readonly Dictionary<string, string> _inheritedFrom = new(StringComparer.Ordinal);

        public List<SettingsMessage> Errors { get; } = [];

        public List<SettingsMessage> Warnings { get; } = [];

        /// <summary>The store's keys, taken silently (its own read reports its findings); the till's lines then override them.</summary>
        public void Inherit(SettingsDocument inherited)
        {
            foreach (var line in inherited.Entries)
            {
                if (Canonical(line.Key!) is { } canonical && !_inheritedFrom.ContainsKey(canonical))
                {
                    _lines[canonical] = line;
                    _inheritedFrom[canonical] = inherited.FileName;
                }
            }
        }

        public void CollectKeys()
        {
            foreach (var line in document.Lines)
            {
                if (line.IsMalformed)
                {
                    Error(line.Number, null,
                        "строка не в формате Ключ=Значение. Исправьте её или сделайте комментарием, поставив # в начале.",
                        "the line is not Key=Value. Fix it, or make it a comment by putting # first.");
                    continue;
                }
                if (line.Key is not { } key)
                {
                    continue;
                }
                if (Canonical(key) is not { } canonical)
                {
                    Warning(line.Number, null,
                        $"неизвестный ключ «{key}»: строка сохранена, но не используется. Проверьте написание; ключи: {string.Join(", ", All)}.",
                        $"unknown key \"{key}\": the line is kept but not used. Check the spelling; the keys are: {string.Join(", ", All)}.");
                    continue;
                }
                if (_lines.TryGetValue(canonical, out var first) && !_inheritedFrom.Remove(canonical))
                {
                    Error(line.Number, FieldOf(canonical),
                        $"ключ {canonical} повторяется (он уже задан в строке {first.Number}). Оставьте одну строку.",
                        $"key {canonical} is repeated (already set on line {first.Number}). Keep one line.");
                    continue;
                }
                _lines[canonical] = line;
                if (key != canonical)
                {
                    Warning(line.Number, FieldOf(canonical),
                        $"ключ «{key}» прочитан как {canonical}.",
                        $"key \"{key}\" read as {canonical}.");
                }
            }
        }

        public WebMoneySettings? Build()
        {
            var mode = Get(Mode);
            if (mode is not null && !string.Equals(mode, "QrReceipt", StringComparison.OrdinalIgnoreCase))
            {
                Error(Mode,
                    $"режим работы «{mode}» не поддерживается: единственный режим — QrReceipt («Оплата по qr чеку»). Укажите Mode=QrReceipt.",
                    $"mode \"{mode}\" is not supported: the only mode is QrReceipt. Set Mode=QrReceipt.");
            }

            var agentId = Required(AgentId, "номер агента из договора с WebMoney", "the agent number from the WebMoney contract");
            if (agentId is not null && !IsPlainToken(agentId))
            {
                Error(AgentId, "номер агента не может содержать пробелы и символ «|». Укажите номер агента из договора.",
                    "the agent number cannot contain spaces or '|'. Enter the agent number from the contract.");
            }
            var wmid = Digits(Wmid, "0");
            var posNumber = Required(PosNumber, "номер POS из договора с WebMoney", "the POS number from the WebMoney contract");
            if (posNumber is not null && !IsSafeFileName(posNumber))
            {
                Error(PosNumber,
                    $"номер POS «{posNumber}» нельзя использовать как имя файла сертификата ({posNumber}.pfx): допустимы буквы, цифры, «-», «_», «.». Укажите номер POS из договора.",
                    $"POS number \"{posNumber}\" cannot name the certificate file ({posNumber}.pfx): use letters, digits, '-', '_', '.'. Enter the POS number from the contract.");
            }
            var agentKey = Required(AgentKey, "ключ агента из договора с WebMoney", "the agent key from the WebMoney contract");
            var crsId = Digits(CrsId, "0");
            var password = Get(CertificatePassword) ?? "";
            var timeout = Number(TimeoutSeconds, DefaultTimeoutSeconds, 1, MaxTimeoutSeconds);
            if (timeout is > 0 and < RecommendedMinTimeoutSeconds)
            {
                KeyWarning(TimeoutSeconds,
                    $"время ожидания {timeout} с меньше рекомендуемых {RecommendedMinTimeoutSeconds} с: покупатель редко успевает оплатить быстрее двух минут.",
                    $"a timeout of {timeout} s is below the recommended {RecommendedMinTimeoutSeconds} s: a customer rarely pays in under two minutes.");
            }
            var maxErrors = Number(MaxStatusErrors, DefaultMaxStatusErrors, 0, MaxMaxStatusErrors);
            var (server, service) = Addresses();
            var serverCertificate = Get(ServerCertificate);
            if (serverCertificate is not null && !IsSafeFileName(serverCertificate))
            {
                Error(ServerCertificate,
                    $"«{serverCertificate}» — не имя файла: укажите только имя файла сертификата сервера, лежащего рядом с {FileName}.",
                    $"\"{serverCertificate}\" is not a file name: give only the name of the server certificate file lying next to {FileName}.");
            }

            if (Errors.Count > 0 || agentId is null || posNumber is null || agentKey is null || server is null || service is null)
            {
                return null;
            }
            return new WebMoneySettings
            {
                Mode = "QrReceipt",
                AgentId = agentId,
                Wmid = wmid,
                PosNumber = posNumber,
                AgentKey = agentKey,
                CrsId = crsId,
                CertificatePassword = password,
                TimeoutSeconds = timeout,
                MaxStatusErrors = maxErrors,
                ServerAddress = server,
                ServiceAddress = service,
                ServerCertificate = serverCertificate,
            };
        }

        private (string? Server, string? Service) Addresses()
        {
            var service = Get(ServiceAddress);
            if (service is not null)
            {
                if (!service.StartsWith('/') && !service.Contains("://", StringComparison.Ordinal))
                {
                    KeyWarning(ServiceAddress,
                        $"в начало адреса сервиса добавлен «/»: {"/" + service}.",
                        $"a leading '/' was added to the service address: {"/" + service}.");
                    service = "/" + service;
                }
                if (!Uri.TryCreate("https://host" + service, UriKind.Absolute, out var check)
                    || service.Contains("://", StringComparison.Ordinal) || check.Query.Length > 0 || check.Fragment.Length > 0
                    || service.Any(char.IsWhiteSpace))
                {
                    Error(ServiceAddress,
                        $"«{service}» — не путь сервиса. Укажите только путь, например {WebMoneyContract.PosApi.DefaultServiceAddress}.",
                        $"\"{service}\" is not a service path. Give only the path, e.g. {WebMoneyContract.PosApi.DefaultServiceAddress}.");
                    service = null;
                }
            }

            var raw = Required(ServerAddress, "адрес сервера WebMoney, например https://dev.runpay.com", "the WebMoney server address, e.g. https://dev.runpay.com");
            if (raw is null)
            {
                return (null, service ?? WebMoneyContract.PosApi.DefaultServiceAddress);
            }
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                Error(ServerAddress,
                    $"«{raw}» — не адрес сервера. Укажите адрес вида https://dev.runpay.com.",
                    $"\"{raw}\" is not a server address. Use the form https://dev.runpay.com.");
                return (null, service);
            }
            if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            {
                Error(ServerAddress,
                    $"адрес сервера должен начинаться с https:// (связь с WebMoney идёт только по защищённому протоколу): https://{uri.Authority}.",
                    $"the server address must start with https:// (WebMoney is reached over a secure connection only): https://{uri.Authority}.");
                return (null, service);
            }

            var server = uri.GetLeftPart(UriPartial.Authority);
            var path = uri.AbsolutePath.TrimEnd('/');
            if (path.Length > 0)
            {
                if (service is not null && !string.Equals(service, path, StringComparison.Ordinal))
                {
                    Error(ServerAddress,
                        $"адрес сервера содержит путь {path}, а адрес сервиса — {service}. Оставьте в адресе сервера только {server}.",
                        $"the server address holds the path {path} while the service address says {service}. Keep only {server} in the server address.");
                    return (null, service);
                }
                KeyWarning(ServerAddress,
                    $"в адрес сервера вставлен полный адрес сервиса: использованы адрес сервера {server} и адрес сервиса {path}.",
                    $"a whole service URL was pasted into the server address: using server {server} and service {path}.");
                return (server, path);
            }
            if (raw.EndsWith('/'))
            {
                KeyWarning(ServerAddress,
                    $"в конце адреса сервера убран «/»: {server}.",
                    $"the trailing '/' was removed from the server address: {server}.");
            }
            if (service is null && Get(ServiceAddress) is null)
            {
                Warning(null, FieldOf(ServiceAddress),
                    $"адрес сервиса не задан, используется {WebMoneyContract.PosApi.DefaultServiceAddress}.",
                    $"the service address is not set; using {WebMoneyContract.PosApi.DefaultServiceAddress}.");
                service = WebMoneyContract.PosApi.DefaultServiceAddress;
            }
            return (server, service);
        }

        private string? Get(string key) => _lines.TryGetValue(key, out var line) && line.Value.Length > 0 ? line.Value : null;

        private int? Line(string key) => _lines.TryGetValue(key, out var line) ? line.Number : null;

        private string? Required(string key, string russianHint, string englishHint)
        {
            var value = Get(key);
            if (value is null)
            {
                Error(key,
                    $"не задан обязательный параметр {key} ({RussianLabel(key)}). Добавьте строку {key}=… — {russianHint}.",
                    $"the required setting {key} is missing. Add the line {key}=… with {englishHint}.");
            }
            return value;
        }

        private string Digits(string key, string fallback)
        {
            var value = Get(key);
            if (value is null)
            {
                return fallback;
            }
            if (!value.All(char.IsAsciiDigit) || value.Length > 20)
            {
                Error(key,
                    $"{key} должен быть целым неотрицательным числом (например, 0), а указано «{value}».",
                    $"{key} must be a non-negative whole number (e.g. 0), not \"{value}\".");
            }
            return value;
        }

        private int Number(string key, int fallback, int min, int max)
        {
            var value = Get(key);
            if (value is null)
            {
                KeyWarning(key,
                    $"{key} ({RussianLabel(key)}) не задан, используется {fallback}.",
                    $"{key} is not set; using {fallback}.");
                return fallback;
            }
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                Error(key,
                    $"{key} ({RussianLabel(key)}) должен быть целым числом от {min} до {max}, а указано «{value}». Исправьте на {key}={fallback}.",
                    $"{key} must be a whole number from {min} to {max}, not \"{value}\". Write e.g. {key}={fallback}.");
                return fallback;
            }
            return number;
        }

        private static bool IsPlainToken(string value) => !value.Any(c => char.IsWhiteSpace(c) || c == '|');

        private void Error(string key, string russian, string english) =>
            Errors.Add(new SettingsMessage(FileOf(key), Line(key), FieldOf(key), russian, english));

        private void Error(int? line, string? field, string russian, string english) =>
            Errors.Add(new SettingsMessage(document.FileName, line, field, russian, english));

        private void Warning(int? line, string? field, string russian, string english) =>
            Warnings.Add(new SettingsMessage(document.FileName, line, field, russian, english));

        /// <summary>A finding about a key's line: in the file that line is in.</summary>
        private void KeyWarning(string key, string russian, string english) =>
            Warnings.Add(new SettingsMessage(FileOf(key), Line(key), FieldOf(key), russian, english));

        private string FileOf(string key) => _inheritedFrom.TryGetValue(key, out var file) ? file : document.FileName;
    }
}
