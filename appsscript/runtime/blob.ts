// Apps Script's Blob: bytes with a content type and a name. Bytes cross the API as signed Java bytes
// (number[] in -128…127), as in Apps Script.
import { hostRealm, type Realm } from './realm.ts';

export class BlobFake {
  private data: Uint8Array;
  private contentType: string | null;
  private name: string | null;
  private readonly realm: Realm;
  constructor(
    data: Uint8Array | string,
    contentType?: string | null,
    name?: string | null,
    realm: Realm = hostRealm,
  ) {
    this.data = typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'utf8')) : new Uint8Array(data);
    this.contentType = contentType ?? null;
    this.name = name ?? null;
    this.realm = realm;
  }
  /** The raw bytes (host side, unsigned). */
  bytes(): Uint8Array {
    return new Uint8Array(this.data);
  }
  getName(): string | null {
    return this.name;
  }
  setName(name: string): this {
    this.name = name;
    return this;
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(type: string): this {
    this.contentType = type;
    return this;
  }
  getBytes(): number[] {
    return this.realm.clone(Array.from(this.data, (b) => (b > 127 ? b - 256 : b)));
  }
  setBytes(bytes: number[]): this {
    this.data = Uint8Array.from(bytes, (b) => b & 0xff);
    return this;
  }
  getDataAsString(charset?: string): string {
    const encoding = charset && /^(latin1|iso-8859-1)$/i.test(charset) ? 'latin1' : 'utf8';
    return Buffer.from(this.data).toString(encoding);
  }
  setDataFromString(text: string): this {
    this.data = new Uint8Array(Buffer.from(text, 'utf8'));
    return this;
  }
  copyBlob(): BlobFake {
    return new BlobFake(this.data, this.contentType, this.name, this.realm);
  }
  /** Only a change of declared type (no conversion), which is all text/JSON needs. */
  getAs(contentType: string): BlobFake {
    return new BlobFake(this.data, contentType, this.name, this.realm);
  }
  getBlob(): BlobFake {
    return this;
  }
  isGoogleType(): boolean {
    return false;
  }
}
