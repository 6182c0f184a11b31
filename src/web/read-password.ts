/**
 * The password for `recon user add`: asked twice at a terminal (not echoed),
 * or the first line of stdin when stdin is not a terminal (scripts, tests).
 */
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';

async function readAllStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // echo nothing of what is typed
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    process.stderr.write(question);
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!stdin.isTTY) {
    const firstLine = (await readAllStdin(stdin)).split(/\r?\n/)[0] ?? '';
    if (!firstLine) throw new InputError('password: nothing on stdin');
    return firstLine;
  }
  const first = await askHidden('密码 (password): ');
  const again = await askHidden('再次输入 (again): ');
  if (first !== again) throw new InputError('password: the two entries differ');
  return first;
}
