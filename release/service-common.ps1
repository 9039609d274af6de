# Shared by install.ps1 and uninstall.ps1 (dot-sourced). Windows PowerShell 5.1 compatible.
# Every step that changes the machine goes through Invoke-Step: the command is printed exactly as it is run (and, with
# -WhatIf, only printed), so what an administrator reads is what happens.

$ServiceName = 'LocalPayGateway'
$FirewallRuleName = 'LocalPayGateway-LAN'
$ServiceKey = "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName"

function Format-Arg([string]$Value) {
    # A PowerShell single-quoted literal: nothing inside is expanded.
    return "'" + $Value.Replace("'", "''") + "'"
}

function Invoke-Step([string]$Command) {
    Write-Output "> $Command"
    if ($WhatIfPreference) { return }
    $global:LASTEXITCODE = 0
    Invoke-Expression $Command
    if ($LASTEXITCODE -ne 0) { throw "Команда завершилась с кодом $LASTEXITCODE / the command failed ($LASTEXITCODE): $Command" }
}

function Test-WindowsHost {
    return ($PSVersionTable.PSEdition -eq 'Desktop') -or $IsWindows
}

function Get-ServiceOrNull {
    if (-not (Test-WindowsHost)) { return $null }
    return Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
}

# The service's environment (Urls=…, Gateway__DisplayUrls=…) as a hashtable; empty when none or not on Windows.
function Get-ServiceEnvironment {
    $result = @{}
    if (-not (Test-WindowsHost)) { return $result }
    $item = Get-ItemProperty -Path $ServiceKey -Name Environment -ErrorAction SilentlyContinue
    if ($item) {
        foreach ($line in $item.Environment) {
            $pair = $line.Split('=', 2)
            if ($pair.Count -eq 2) { $result[$pair[0]] = $pair[1] }
        }
    }
    return $result
}

function ConvertTo-Uris([string]$Urls) {
    $list = @()
    if (-not $Urls) { return $list }
    foreach ($u in $Urls.Split(';')) {
        $t = $u.Trim()
        if ($t) { $list += [uri]($t -replace '://(\*|\+)', '://0.0.0.0') }
    }
    return $list
}

function Test-Loopback([uri]$Uri) {
    return @('127.0.0.1', 'localhost', '::1', '[::1]') -contains $Uri.Host
}

# The loopback address the installer probes: the first listener, 0.0.0.0 read as 127.0.0.1.
function Get-ProbeUrl([string]$Urls) {
    $uris = @(ConvertTo-Uris $Urls)
    if ($uris.Count -eq 0) { return 'http://127.0.0.1:5080' }
    $first = $uris[0]
    $hostName = $first.Host
    if (-not (Test-Loopback $first)) { $hostName = '127.0.0.1' }
    return "$($first.Scheme)://$($hostName):$($first.Port)"
}

function Test-HttpOk([string]$Url) {
    try {
        $response = Invoke-WebRequest -Uri $Url -UseBasicParsing -TimeoutSec 5
        return $response.StatusCode -eq 200
    } catch {
        return $false
    }
}

# Polls until the URL answers 200; gives up early when the service has stopped (it exited).
function Wait-Http([string]$Url, [int]$Seconds) {
    $deadline = [Diagnostics.Stopwatch]::StartNew()
    while ($deadline.Elapsed.TotalSeconds -lt $Seconds) {
        if (Test-HttpOk $Url) { return $true }
        $service = Get-ServiceOrNull
        if ($service -and $service.Status -eq 'Stopped') { return $false }
        Start-Sleep -Milliseconds 500
    }
    return $false
}

# Removes the LAN rule when it exists; -WhatIf where the firewall cannot be read (not Windows) prints the removal when
# -AssumeExists (uninstall), since it cannot tell.
function Remove-FirewallRuleStep([switch]$AssumeExists) {
    $existing = $false
    if (Get-Command Get-NetFirewallRule -ErrorAction SilentlyContinue) {
        $existing = [bool](Get-NetFirewallRule -Name $FirewallRuleName -ErrorAction SilentlyContinue)
    } elseif ($WhatIfPreference) {
        $existing = [bool]$AssumeExists
    }
    if ($existing) { Invoke-Step "Remove-NetFirewallRule -Name $(Format-Arg $FirewallRuleName)" }
}
