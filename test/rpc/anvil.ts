/**
 * Test helper: a real anvil node on 127.0.0.1 (free port, `--steps-tracing` unless asked not to:
 * without it anvil answers empty struct logs), and a scenario that
 * deploys the Uniswap V2 ERC-20 and pair contracts and mines blocks with known contention.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { type Abi, encodeDeployData, encodeFunctionData } from 'viem'

export const ANVIL_BIN = 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil'

/** A running anvil. */
export type Anvil = {
  readonly url: string
  readonly port: number
  readonly stop: () => Promise<void>
}

/** Finds a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Starts anvil and waits (bounded) until it answers eth_chainId. */
export async function startAnvil(
  options: { readonly stepsTracing?: boolean } = {},
): Promise<Anvil> {
  const port = await freePort()
  const steps = options.stepsTracing === false ? [] : ['--steps-tracing']
  const child: ChildProcess = spawn(
    ANVIL_BIN,
    ['--host', '127.0.0.1', '--port', String(port), ...steps, '--silent', '--chain-id', '31337'],
    { stdio: 'ignore' },
  )
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  }
  for (let i = 0; i < 200; i++) {
    try {
      await call(url, 'eth_chainId', [])
      return { url, port, stop }
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  await stop()
  throw new Error('anvil did not start within 10 s')
}

/** One raw JSON-RPC call (test side; the code under test uses its own transport). */
export async function call(
  url: string,
  method: string,
  params: readonly unknown[],
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
    signal: AbortSignal.timeout(10_000),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

type Artifact = { abi: Abi; bytecode: `0x${string}` }

function artifact(name: string): Artifact {
  const json = JSON.parse(
    readFileSync(`node_modules/@uniswap/v2-core/build/${name}.json`, 'utf8'),
  ) as { abi: Abi; bytecode: string; evm?: { bytecode?: { object?: string } } }
  const code = json.evm?.bytecode?.object ?? json.bytecode
  return { abi: json.abi, bytecode: (code.startsWith('0x') ? code : `0x${code}`) as `0x${string}` }
}

/** What the scenario built. */
export type Scenario = {
  readonly accounts: readonly string[]
  readonly tokenA: string
  readonly tokenB: string
  readonly pair: string
  /** Block with 3 transfers from one sender of tokenA (contention on its balance slot) + independent txs. */
  readonly contended: number
  /** Block with a reverting transfer and an independent ETH transfer. */
  readonly failing: number
  /** Block with no transactions. */
  readonly empty: number
}

/** Deploys tokens, a Uniswap V2 pair, and mines the three scenario blocks. */
export async function buildScenario(url: string): Promise<Scenario> {
  const accounts = (await call(url, 'eth_accounts', [])) as string[]
  const [a0, a1, a2, a3, a4, a5] = accounts as [string, string, string, string, string, string]
  const erc20 = artifact('ERC20')
  const factory = artifact('UniswapV2Factory')
  const pairArt = artifact('UniswapV2Pair')
  const supply = 10n ** 24n
  const tokenA = await deploy(
    url,
    a0,
    encodeDeployData({ abi: erc20.abi, bytecode: erc20.bytecode, args: [supply] }),
  )
  const tokenB = await deploy(
    url,
    a0,
    encodeDeployData({ abi: erc20.abi, bytecode: erc20.bytecode, args: [supply] }),
  )
  const fac = await deploy(
    url,
    a0,
    encodeDeployData({ abi: factory.abi, bytecode: factory.bytecode, args: [a0] }),
  )
  await send(url, {
    from: a0,
    to: fac,
    data: encodeFunctionData({
      abi: factory.abi,
      functionName: 'createPair',
      args: [tokenA, tokenB],
    }),
  })
  const pairWord = (await call(url, 'eth_call', [
    {
      to: fac,
      data: encodeFunctionData({
        abi: factory.abi,
        functionName: 'getPair',
        args: [tokenA, tokenB],
      }),
    },
    'latest',
  ])) as string
  const pair = `0x${pairWord.slice(-40)}`
  const transfer = (to: string, amount: bigint): string =>
    encodeFunctionData({ abi: erc20.abi, functionName: 'transfer', args: [to, amount] })
  await send(url, { from: a0, to: tokenA, data: transfer(pair, 10n ** 21n) })
  await send(url, { from: a0, to: tokenB, data: transfer(pair, 10n ** 21n) })
  await send(url, {
    from: a0,
    to: pair,
    data: encodeFunctionData({ abi: pairArt.abi, functionName: 'mint', args: [a0] }),
  })
  await send(url, { from: a0, to: tokenB, data: transfer(a4, 10n ** 20n) })

  await call(url, 'evm_setAutomine', [false])
  const gas = '0x493e0'
  await call(url, 'eth_sendTransaction', [{ from: a0, to: tokenA, data: transfer(a1, 1000n), gas }])
  await call(url, 'eth_sendTransaction', [{ from: a0, to: tokenA, data: transfer(a2, 2000n), gas }])
  await call(url, 'eth_sendTransaction', [{ from: a0, to: tokenA, data: transfer(a3, 3000n), gas }])
  await call(url, 'eth_sendTransaction', [{ from: a4, to: tokenB, data: transfer(a5, 500n), gas }])
  await call(url, 'eth_sendTransaction', [{ from: a5, to: a3, value: '0x10', gas: '0x5208' }])
  await call(url, 'evm_mine', [])
  const contended = Number(await call(url, 'eth_blockNumber', []))
  await call(url, 'eth_sendTransaction', [
    { from: a1, to: tokenA, data: transfer(a2, 10n ** 30n), gas },
  ])
  await call(url, 'eth_sendTransaction', [{ from: a2, to: a3, value: '0x20', gas: '0x5208' }])
  await call(url, 'evm_mine', [])
  const failing = Number(await call(url, 'eth_blockNumber', []))
  await call(url, 'evm_mine', [])
  const empty = Number(await call(url, 'eth_blockNumber', []))
  await call(url, 'evm_setAutomine', [true])
  return { accounts, tokenA, tokenB, pair, contended, failing, empty }
}

async function deploy(url: string, from: string, data: string): Promise<string> {
  const receipt = await send(url, { from, data })
  return receipt.contractAddress as string
}

/** Sends a transaction (automine) and waits for its successful receipt. */
export async function send(
  url: string,
  tx: Record<string, string>,
): Promise<Record<string, unknown>> {
  const hash = (await call(url, 'eth_sendTransaction', [{ gas: '0x4c4b40', ...tx }])) as string
  let receipt: Record<string, unknown> | null = null
  for (let i = 0; i < 100 && receipt === null; i++) {
    receipt = (await call(url, 'eth_getTransactionReceipt', [hash])) as Record<
      string,
      unknown
    > | null
    if (receipt === null) await new Promise((r) => setTimeout(r, 20))
  }
  if (receipt === null) throw new Error(`scenario tx ${hash} was not mined`)
  if (receipt.status !== '0x1') throw new Error(`scenario tx ${hash} failed`)
  return receipt
}
